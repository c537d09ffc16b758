#include "data/convert/npy_converter.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <utility>

#include "core/text.h"
#include "data/convert/array_dataset.h"
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

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool all_have_extension(const std::vector<std::string>& inputs, const std::string& extension) {
  return std::all_of(inputs.begin(), inputs.end(), [&](const std::string& input) {
    return lower(std::filesystem::path(input).extension().string()) == extension;
  });
}

// The arrays' base names from the options; per-split arrays add "_train" etc.
struct ArrayNames {
  std::string x, y;
  std::vector<std::pair<std::string, std::string>> extra;  // lengths, mask, groups -> name
};

ArrayNames array_names(const ConverterArguments& arguments) {
  ArrayNames names{arguments.text("x"), arguments.text("y"), {}};
  for (const char* role : {"lengths", "mask", "groups"})
    if (arguments.has(role)) names.extra.emplace_back(role, arguments.text(role));
  return names;
}

// `wanted` as the archive spells it: itself, else the one name that differs
// only in case (the default X finds Keras' x).
std::optional<std::string> spelled(const NpzArchive& archive, const std::string& wanted) {
  if (archive.contains(wanted)) return wanted;
  std::optional<std::string> found;
  for (const std::string& name : archive.names()) {
    if (lower(name) != lower(wanted)) continue;
    if (found) return std::nullopt;
    found = name;
  }
  return found;
}

NumericArray take(const NpzArchive& archive, const std::string& wanted, const std::string& role,
                  std::vector<std::string>& taken) {
  const std::optional<std::string> name = spelled(archive, wanted);
  if (!name)
    throw Error(archive.origin() + ": no array '" + wanted +
                "' (arrays: " + (archive.names().empty() ? "none" : join(archive.names(), ", ")) + "); name the " +
                role + " array with --" + role);
  taken.push_back(*name);
  return archive.array(*name);
}

// Split `split_name` from the arrays named BASE + suffix; `used` tells which.
ArraySplit split_from(const NpzArchive& archive, const ArrayNames& names, const std::string& suffix,
                      const std::string& split_name, std::string& used) {
  ArraySplit split;
  split.name = split_name;
  std::vector<std::string> taken;
  split.x = take(archive, names.x + suffix, "x", taken);
  split.y = take(archive, names.y + suffix, "y", taken);
  for (const auto& [role, name] : names.extra) {
    NumericArray array = take(archive, name + suffix, role, taken);
    (role == "lengths" ? split.lengths : role == "mask" ? split.mask : split.groups) = std::move(array);
  }
  used = join(taken, "/") + " -> " + split_name;
  return split;
}

// One archive: per-split arrays (X_train, ...) when it has them, else X and y.
std::vector<ArraySplit> splits_of_archive(const NpzArchive& archive, const ArrayNames& names, std::string& note) {
  std::vector<ArraySplit> splits;
  std::vector<std::string> parts;
  for (const std::string& split_name : kSplitNames) {
    const std::string suffix = "_" + split_name;
    if (!spelled(archive, names.x + suffix) && !spelled(archive, names.y + suffix)) continue;
    std::string used;
    splits.push_back(split_from(archive, names, suffix, split_name, used));
    parts.push_back(used);
  }
  const std::string expected = names.x + " and " + names.y + ", or " + names.x + "_train, " + names.y + "_train, " +
                               names.x + "_test, " + names.y + "_test [, " + names.x + "_val, " + names.y + "_val]";
  for (size_t i = 0; i < splits.size(); ++i)
    if (splits[i].name != kSplitNames[i])
      throw Error(archive.origin() + ": " + parts[i] + ", but no arrays for " + kSplitNames[i] + "; expected " +
                  expected);
  if (splits.empty()) {
    if (!spelled(archive, names.x) && !spelled(archive, names.y))
      throw Error(archive.origin() + ": no arrays " + expected + " (arrays: " +
                  (archive.names().empty() ? "none" : join(archive.names(), ", ")) + "); name them with --x and --y");
    std::string used;
    splits.push_back(split_from(archive, names, "", "train", used));
    parts.push_back(used);
  }
  note = archive.origin() + ": " + join(parts, ", ");
  return splits;
}

}  // namespace

DatasetContent convert_npy(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  const ArrayOptions options = parse_array_options(arguments);
  const ArrayNames names = array_names(arguments);
  std::vector<ArraySplit> splits;
  std::string note;
  if (inputs.size() == 1 && all_have_extension(inputs, ".npz")) {
    splits = splits_of_archive(NpzArchive::open(inputs[0]), names, note);
  } else if ((inputs.size() == 2 || inputs.size() == 3) && all_have_extension(inputs, ".npz")) {
    std::vector<std::string> parts;
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::string used;
      splits.push_back(split_from(NpzArchive::open(inputs[i]), names, "", kSplitNames[i], used));
      parts.push_back(inputs[i] + ": " + used);
    }
    note = join(parts, "; ");
  } else if ((inputs.size() == 2 || inputs.size() == 4 || inputs.size() == 6) && all_have_extension(inputs, ".npy")) {
    if (!names.extra.empty())
      throw Error("--" + names.extra[0].first + " names an array of an .npz archive; .npy inputs are X y pairs only");
    std::vector<std::string> parts;
    for (size_t i = 0; i < inputs.size() / 2; ++i) {
      ArraySplit split;
      split.name = kSplitNames[i];
      split.x = read_npy(inputs[2 * i]);
      split.y = read_npy(inputs[2 * i + 1]);
      splits.push_back(std::move(split));
      parts.push_back(inputs[2 * i] + "/" + inputs[2 * i + 1] + " -> " + kSplitNames[i]);
    }
    note = join(parts, ", ");
  } else {
    throw Error(std::string("npy: expected ") + kLayouts + "; got " +
                (inputs.empty() ? std::string("no inputs") : join(inputs, " ")));
  }
  DatasetInfo info;
  info.source = "NumPy files: " + join(inputs, ", ");
  DatasetContent content = arrays_to_dataset(std::move(splits), options, std::move(info));
  content.notes.insert(content.notes.begin(), note);
  return content;
}

ConverterSpec npy_converter_spec() {
  return {"npy", "NumPy arrays: .npy pairs or .npz archives (X, y; optional lengths, mask, groups)", kLayouts,
          array_converter_options("X", "y"), convert_npy};
}

}  // namespace sigvit
