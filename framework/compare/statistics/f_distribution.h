#pragma once

namespace sigvit::stats {

// P(X > x) for X F-distributed with (df1, df2) degrees of freedom: the
// p-value of an F statistic such as Iman and Davenport's.
double f_upper_tail(double x, double df1, double df2);

}  // namespace sigvit::stats
