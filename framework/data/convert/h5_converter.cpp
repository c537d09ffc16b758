#include "data/convert/h5_converter.h"

#include "core/text.h"
#include "data/convert/named_arrays.h"
#include "data/convert/shared_options.h"
#include "data/sources/hdf5_array_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

class Hdf5Arrays : public NamedArrays {
 public:
  explicit Hdf5Arrays(std::string path) : path_(std::move(path)), names_(hdf5_array_names(path_)) {}
  std::vector<std::string> names() const override { return names_; }
  NumericArray read(const std::string& name) const override { return read_hdf5_array(path_, name); }
  std::string path() const override { return path_; }

 private:
  std::string path_;
  std::vector<std::string> names_;
};

}  // namespace

DatasetContent convert_h5(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  const ArrayRoles roles = parse_array_roles(arguments);
  std::vector<std::string> notes;
  std::vector<ArraySplit> splits;
  if (inputs.size() == 1) {
    splits = find_array_splits(Hdf5Arrays(inputs[0]), roles, notes);
  } else if (inputs.size() <= 3) {
    // One file per split: TRAIN TEST [VAL], each with the arrays --x and --y.
    const std::vector<std::string> names{"train", "test", "val"};
    for (size_t i = 0; i < inputs.size(); ++i) {
      std::vector<ArraySplit> found = find_array_splits(Hdf5Arrays(inputs[i]), roles, notes);
      if (found.size() != 1)
        throw Error(inputs[i] + ": holds several splits; give it alone, or files of one split each");
      found[0].name = names[i];
      splits.push_back(std::move(found[0]));
    }
  } else {
    throw Error("h5: expected FILE.h5, or TRAIN.h5 TEST.h5 [VAL.h5]");
  }
  DatasetInfo info;
  info.source = "HDF5 files: " + join(inputs, ", ");
  DatasetContent content = arrays_to_dataset(std::move(splits), parse_array_options(arguments), info);
  notes.insert(notes.end(), content.notes.begin(), content.notes.end());
  content.notes = std::move(notes);
  return content;
}

ConverterSpec h5_converter_spec() {
  return {"h5",
          "arrays of any HDF5 file (h5py, PyTorch tutorials, MATLAB v7.3): X and y by name, any dtype",
          "FILE.h5 (X and y, or X_train/y_train/X_test/y_test, or train/X ...), or TRAIN.h5 TEST.h5 [VAL.h5]",
          array_converter_options("X", "y"),
          convert_h5};
}

}  // namespace sigvit
