#include "data/convert/npy_converter.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <utility>

#include "core/text.h"
#include "data/convert/array_dataset.h"
#include "data/convert/named_arrays.h"
#include "data/convert/shared_options.h"
#include "data/sources/numpy_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

const char kLayouts[] =
    "DATA.npz (X and y, or X_train, y_train, X_test, y_test [, X_val, y_val]), TRAIN.npz TEST.npz [VAL.npz], or "
    ".npy pairs, X first: X.npy y.npy, or X_train.npy y_train.npy X_test.npy y_test.npy [X_val.npy y_val.npy]";

// The inputs' roles by position, as the other converters take TRAIN TEST [VAL].
const std::vector<std::string> kSplitNames{"train", "test", "val"};

bool all_have_extension(const std::vector<std::string>& inputs, const std::string& extension) {
  return std::all_of(inputs.begin(), inputs.end(), [&](const std::string& input) {
    return lowercase(std::filesystem::path(input).extension().string()) == extension;
  });
}

// An .npz archive: arrays parsed (and CRC-checked) only when asked for.
class NpzArrays : public NamedArrays {
 public:
  explicit NpzArrays(const std::string& path) : archive_(NpzArchive::open(path)), path_(path) {}
  std::vector<std::string> names() const override { return archive_.names(); }
  NumericArray read(const std::string& name) const override { return archive_.array(name); }
  std::string path() const override { return path_; }

 private:
  NpzArchive archive_;
  std::string path_;
};

// X.npy y.npy pairs, one per split in the order train, test [, val].
DatasetContent convert_npy_pairs(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  for (const char* role : {"lengths", "mask", "groups"})
    if (arguments.has(role))
      throw Error(std::string("--") + role + " names an array of an .npz archive; .npy inputs are X y pairs only");
  std::vector<ArraySplit> splits;
  std::vector<std::string> parts;
  for (size_t i = 0; i < inputs.size() / 2; ++i) {
    ArraySplit split;
    split.name = kSplitNames[i];
    split.x = read_npy(inputs[2 * i]);
    split.y = read_npy(inputs[2 * i + 1]);
    splits.push_back(std::move(split));
    parts.push_back(inputs[2 * i] + "/" + inputs[2 * i + 1] + " -> " + kSplitNames[i]);
  }
  DatasetInfo info;
  info.source = "NumPy files: " + join(inputs, ", ");
  DatasetContent content = arrays_to_dataset(std::move(splits), parse_array_options(arguments), std::move(info));
  content.notes.insert(content.notes.begin(), join(parts, ", "));
  return content;
}

}  // namespace

DatasetContent convert_npy(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  if (!inputs.empty() && inputs.size() <= 3 && all_have_extension(inputs, ".npz")) {
    return convert_named_array_files(
        inputs, arguments, [](const std::string& path) { return std::make_unique<NpzArrays>(path); }, "NumPy files");
  }
  if ((inputs.size() == 2 || inputs.size() == 4 || inputs.size() == 6) && all_have_extension(inputs, ".npy"))
    return convert_npy_pairs(inputs, arguments);
  throw Error(std::string("npy: expected ") + kLayouts + "; got " +
              (inputs.empty() ? std::string("no inputs") : join(inputs, " ")));
}

ConverterSpec npy_converter_spec() {
  return {"npy", "NumPy arrays: .npy pairs or .npz archives (X, y; optional lengths, mask, groups)", kLayouts,
          array_converter_options("X", "y"), convert_npy};
}

}  // namespace sigvit
