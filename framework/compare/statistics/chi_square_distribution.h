#pragma once

namespace sigvit::stats {

// P(X > x) for X chi-square distributed with `df` degrees of freedom: the
// p-value of a chi-square statistic such as Friedman's.
double chi_square_upper_tail(double x, double df);

}  // namespace sigvit::stats
