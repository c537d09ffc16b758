#pragma once

#include <string>
#include <vector>

#include "data/convert/converter_registry.h"
#include "data/format/dataset_content.h"

namespace sigvit {

// `sigvit convert h5`: arrays of any HDF5 file (h5py, PyTorch tutorials,
// MATLAB v7.3) found by name (data/convert/named_arrays.h), cast and mapped
// by arrays_to_dataset.
DatasetContent convert_h5(const std::vector<std::string>& inputs, const ConverterArguments& arguments);
ConverterSpec h5_converter_spec();

}  // namespace sigvit
