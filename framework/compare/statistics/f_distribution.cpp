#include "compare/statistics/f_distribution.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "compare/statistics/incomplete_beta.h"

namespace sigvit::stats {

double f_upper_tail(double x, double df1, double df2) {
  if (!(df1 > 0 && df2 > 0 && std::isfinite(df1) && std::isfinite(df2))) {
    throw std::invalid_argument("f_upper_tail: df1 = " + std::to_string(df1) + ", df2 = " + std::to_string(df2) +
                                "; expected finite degrees of freedom > 0");
  }
  if (std::isnan(x)) throw std::invalid_argument("f_upper_tail: x is NaN; expected a number");
  if (x <= 0) return 1;
  if (std::isinf(x)) return 0;
  // df2 / (df2 + df1 x) is Beta(df2 / 2, df1 / 2) distributed, and falls as x grows.
  return regularized_incomplete_beta(df2 / 2, df1 / 2, df2 / (df2 + df1 * x));
}

}  // namespace sigvit::stats
