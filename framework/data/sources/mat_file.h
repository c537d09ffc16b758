#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "data/sources/numeric_array.h"

namespace sigvit {

// Reads the variables of a MATLAB .mat file (v4, v5, and v7.3, which is
// HDF5) through matio, in the file's order, each as the NumericArray
// numeric_array.h describes with origin "FILE:NAME":
// - numeric and logical arrays, transposed from MATLAB's column-major order
//   so that X of size [N, L] arrives as shape [N, L] with X(i, j) at i * L + j;
// - char arrays as texts, one per row, trailing spaces trimmed (shape [rows]);
// - cell arrays of char row vectors as texts in the cell array's shape.
// Other variables (complex, sparse, struct, cell arrays of anything else,
// objects) are left out; `skipped`, when given, gets each one's name and the
// reason it cannot be read. Throws sigvit::Error naming the file when it is
// not a .mat file matio can read.
std::vector<std::pair<std::string, NumericArray>> read_mat_file(const std::string& path,
                                                                std::map<std::string, std::string>* skipped = nullptr);

}  // namespace sigvit
