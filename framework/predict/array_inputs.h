#pragma once

#include <string>
#include <vector>

#include "predict/prediction_inputs.h"

namespace sigvit {

// Whether `path` is an array file `sigvit predict` reads: .npy, .npz or .csv.
bool is_array_input(const std::string& path);

// The cases of an array file, on the training data's value scale, shaped for
// `input_shape` ([C, L] or [C, H, W]):
// - .npy: one case [C, L] / [C, H, W], or N of them; [N, L] when C is 1;
// - .npz: the array X (or x, or the only one), with the labels y (or Y) as
//   known classes when present;
// - .csv: a case per row, wide as `sigvit convert csv` reads it; a label
//   column (label, class, target, y) gives known classes, an unnamed first
//   column (pandas' index) is left out; C channels split a row row-major.
// Errors name the file and what the model takes.
InputGroup read_array_input(const std::string& path, const ModelCard& card, const std::vector<int64_t>& input_shape);

}  // namespace sigvit
