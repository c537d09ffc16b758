#include "data/convert/mat_converter.h"

#include <map>
#include <utility>

#include "data/convert/named_arrays.h"
#include "data/convert/shared_options.h"
#include "data/sources/mat_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// A .mat file read whole: its variables are small next to what the
// conversion holds anyway, and matio finds a variable by reading past the
// ones before it.
class MatVariables : public NamedArrays {
 public:
  explicit MatVariables(std::string path) : path_(std::move(path)), arrays_(read_mat_file(path_, &unreadable_)) {}

  // The unreadable variables too, so that asking for one says why it cannot be read.
  std::vector<std::string> names() const override {
    std::vector<std::string> all;
    for (const auto& [name, array] : arrays_) all.push_back(name);
    for (const auto& [name, reason] : unreadable_) all.push_back(name);
    return all;
  }

  NumericArray read(const std::string& name) const override {
    for (const auto& [variable, array] : arrays_)
      if (variable == name) return array;
    const auto unreadable = unreadable_.find(name);
    if (unreadable != unreadable_.end())
      throw Error(path_ + ": variable '" + name + "' cannot be read: " + unreadable->second);
    throw Error(path_ + ": no variable '" + name + "'");
  }

  std::string path() const override { return path_; }

 private:
  std::string path_;
  std::map<std::string, std::string> unreadable_;  // name -> reason
  std::vector<std::pair<std::string, NumericArray>> arrays_;
};

}  // namespace

DatasetContent convert_mat(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  return convert_named_array_files(
      inputs, arguments, [](const std::string& path) { return std::make_unique<MatVariables>(path); },
      "MATLAB files");
}

ConverterSpec mat_converter_spec() {
  return {"mat", "MATLAB .mat files (v4, v5, v7.3): X and y by name; numeric, logical, char and cellstr variables",
          "DATA.mat (X and y, or X_train/y_train/X_test/y_test [X_val/y_val]), or TRAIN.mat TEST.mat [VAL.mat]",
          array_converter_options("X", "y"), convert_mat};
}

}  // namespace sigvit
