#pragma once

#include <string>
#include <vector>

#include "data/sources/numeric_array.h"

namespace sigvit {

// HDF5 files other tools wrote (h5py, PyTorch tutorials, MATLAB v7.3), read
// array by array for `sigvit convert h5`; not the data-set layout itself.

// The path of every data set in the file, without the leading slash
// ("train/X"), in the order the file lists them.
std::vector<std::string> hdf5_array_names(const std::string& path);

// One data set: integers, floats and booleans (h5py's enum) widened to
// double; fixed or variable length strings as texts. Errors name the file and
// the data set and say what was expected.
NumericArray read_hdf5_array(const std::string& path, const std::string& name);

}  // namespace sigvit
