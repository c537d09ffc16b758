#pragma once

// Internal to the data layer: only its .cpp files include this header, so that
// users of the framework never need the HDF5 headers.

#include <H5Cpp.h>

#include <string>
#include <vector>

#include "data/format/dataset_layout.h"

namespace sigvit::hdf5 {

// Stops the HDF5 library from printing its own error stack; sigvit reports
// errors itself.
void silence_library_errors();

// The innermost HDF5 error message of `error`.
std::string describe(const H5::Exception& error);

void write_string_attribute(H5::H5Object& object, const std::string& name, const std::string& value);
void write_string_array_attribute(H5::H5Object& object, const std::string& name,
                                  const std::vector<std::string>& values);
void write_number_attribute(H5::H5Object& object, const std::string& name, double value);

// Readers accept what h5py writes: fixed or variable length strings, any
// integer or float number. `where` ("file.h5: /train/x") prefixes errors.
std::string read_string_attribute(const H5::H5Object& object, const std::string& name, const std::string& where);
std::vector<std::string> read_string_array_attribute(const H5::H5Object& object, const std::string& name,
                                                     const std::string& where);
double read_number_attribute(const H5::H5Object& object, const std::string& name, const std::string& where);

const H5::PredType& file_type_of(StorageType type);
const H5::PredType& memory_type_of(StorageType type);

}  // namespace sigvit::hdf5
