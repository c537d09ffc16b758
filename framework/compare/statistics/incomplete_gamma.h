#pragma once

namespace sigvit::stats {

// The regularized incomplete gamma functions for a > 0 and x >= 0:
// P(a, x) = gamma(a, x) / Gamma(a), the CDF of a Gamma(a, 1) variable, and
// Q(a, x) = 1 - P(a, x). Both are computed directly, so a tail probability
// keeps its precision when it is far below 1.
double regularized_lower_incomplete_gamma(double a, double x);
double regularized_upper_incomplete_gamma(double a, double x);

}  // namespace sigvit::stats
