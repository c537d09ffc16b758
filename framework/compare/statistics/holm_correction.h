#pragma once

#include <vector>

namespace sigvit::stats {

// Holm's step-down correction of m p-values at family-wise level alpha:
// sorted ascending, the i-th smallest (i from 0) is rejected while every
// p-value up to it is <= alpha / (m - i); the first that is not stops the
// procedure. Both vectors are in the order of `p_values`.
struct HolmCorrection {
  // min(1, max over j <= i of (m - j) p_(j)): rejected exactly when <= alpha,
  // up to rounding; what a table prints next to the raw p-value.
  std::vector<double> adjusted_p;
  std::vector<bool> rejected;
};

// Throws std::invalid_argument for p-values outside [0, 1] or alpha outside (0, 1).
HolmCorrection holm_correction(const std::vector<double>& p_values, double alpha = 0.05);

}  // namespace sigvit::stats
