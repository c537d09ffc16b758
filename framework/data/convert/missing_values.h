#pragma once

#include <string>
#include <vector>

namespace sigvit {

// What to put where a source marks a value missing (NaN here); the HDF5 file
// itself never holds NaN.
enum class MissingPolicy {
  interpolate,  // linear between the nearest known values, edge values held
  zero,
};

MissingPolicy parse_missing_policy(const std::string& text);

// Fills the NaNs of one channel of one series. Throws sigvit::Error naming
// `where` when interpolation has no known value to start from.
void fill_missing(std::vector<float>& channel, MissingPolicy policy, const std::string& where);

}  // namespace sigvit
