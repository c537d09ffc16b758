#pragma once

#include <string>
#include <vector>

#include "data/convert/converter_registry.h"
#include "data/format/dataset_content.h"

namespace sigvit {

// `sigvit convert mat`: variables of MATLAB .mat files (v4, v5, v7.3, read
// with matio) found by name (data/convert/named_arrays.h): DATA.mat with X
// and y, or X_train y_train X_test y_test [X_val y_val]; or TRAIN.mat
// TEST.mat [VAL.mat]. Asked for a variable it cannot read (complex, sparse,
// struct, ...), it says why.
DatasetContent convert_mat(const std::vector<std::string>& inputs, const ConverterArguments& arguments);
ConverterSpec mat_converter_spec();

}  // namespace sigvit
