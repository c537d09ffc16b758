#include "data/convert/h5_converter.h"

#include "data/convert/named_arrays.h"
#include "data/convert/shared_options.h"
#include "data/sources/hdf5_array_file.h"

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
  return convert_named_array_files(
      inputs, arguments, [](const std::string& path) { return std::make_unique<Hdf5Arrays>(path); }, "HDF5 files");
}

ConverterSpec h5_converter_spec() {
  return {"h5",
          "arrays of any HDF5 file (h5py, PyTorch tutorials, MATLAB v7.3): X and y by name, any dtype",
          "FILE.h5 (X and y, or X_train/y_train/X_test/y_test, or train/X ...), or TRAIN.h5 TEST.h5 [VAL.h5]",
          array_converter_options("X", "y"),
          convert_h5};
}

}  // namespace sigvit
