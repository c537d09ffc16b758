#pragma once

namespace sigvit::stats {

// The regularized incomplete beta function I_x(a, b) for a, b > 0 and
// 0 <= x <= 1: the CDF of a Beta(a, b) variable. The t and F distributions'
// tails are values of it.
double regularized_incomplete_beta(double a, double b, double x);

}  // namespace sigvit::stats
