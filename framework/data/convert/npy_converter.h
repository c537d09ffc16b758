#pragma once

#include <string>
#include <vector>

#include "data/convert/converter_registry.h"
#include "data/format/dataset_content.h"

namespace sigvit {

// `inputs`, by extension:
//   DATA.npz holding X and y (one split: give --split-fraction), or per-split
//     arrays X_train, y_train, X_test, y_test [, X_val, y_val];
//   TRAIN.npz TEST.npz [VAL.npz], each holding X and y;
//   X.npy y.npy (one split), or X_train.npy y_train.npy X_test.npy y_test.npy
//     [X_val.npy y_val.npy]: pairs, X first.
// The names X and y come from --x and --y; a name missing in an archive is
// also looked for in another case ("x_train", as in Keras' mnist.npz).
// --lengths, --mask and --groups name further arrays of the archives.
DatasetContent convert_npy(const std::vector<std::string>& inputs, const ConverterArguments& arguments);

ConverterSpec npy_converter_spec();

}  // namespace sigvit
