#include "compare/statistics/chi_square_distribution.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "compare/statistics/incomplete_gamma.h"

namespace sigvit::stats {

double chi_square_upper_tail(double x, double df) {
  if (!(df > 0 && std::isfinite(df))) {
    throw std::invalid_argument("chi_square_upper_tail: df = " + std::to_string(df) +
                                "; expected finite degrees of freedom > 0");
  }
  if (std::isnan(x)) throw std::invalid_argument("chi_square_upper_tail: x is NaN; expected a number");
  if (x <= 0) return 1;
  // A chi-square variable with df degrees of freedom is 2 * Gamma(df / 2, 1).
  return regularized_upper_incomplete_gamma(df / 2, x / 2);
}

}  // namespace sigvit::stats
