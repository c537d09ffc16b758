#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "data/convert/array_dataset.h"
#include "data/convert/converter_registry.h"

namespace sigvit {

// A file of named arrays (.npz members, HDF5 data sets, .mat variables).
class NamedArrays {
 public:
  virtual ~NamedArrays() = default;
  // Every array's name, as the user would write it (HDF5: "train/X").
  virtual std::vector<std::string> names() const = 0;
  virtual NumericArray read(const std::string& name) const = 0;
  virtual std::string path() const = 0;
};

// Which arrays hold what: --x, --y and the optional --lengths, --mask, --groups.
struct ArrayRoles {
  std::string x = "X", y = "y";
  std::optional<std::string> lengths, mask, groups;
};

ArrayRoles parse_array_roles(const ConverterArguments& arguments);

// The splits a file holds, found by name: BASE_train / BASE_test / BASE_val
// or train/BASE ... (BASE: the role's name, or the one name that differs from
// it only in case, so that X finds Keras' x_train), or else BASE alone, one
// split "train" for --split-fraction to divide. Errors list the arrays the
// file has.
std::vector<ArraySplit> find_array_splits(const NamedArrays& file, const ArrayRoles& roles,
                                          std::vector<std::string>& notes);

using OpenNamedArrays = std::function<std::unique_ptr<NamedArrays>(const std::string& path)>;

// The data set of array files (h5, mat, npz): one FILE holding its splits, or
// TRAIN TEST [VAL] files of one split each, with the array options of
// `arguments`; `kind_of_files` ("MATLAB files") starts info.source.
DatasetContent convert_named_array_files(const std::vector<std::string>& inputs, const ConverterArguments& arguments,
                                         const OpenNamedArrays& open, const std::string& kind_of_files);

}  // namespace sigvit
