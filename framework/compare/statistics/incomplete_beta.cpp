#include "compare/statistics/incomplete_beta.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "compare/statistics/continued_fraction.h"

namespace sigvit::stats {
namespace {

// The continued fraction of I_x(a, b) (without its prefactor), evaluated by
// the modified Lentz method. It converges quickly for x < (a + 1) / (a + b + 2);
// the caller uses the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) beyond that.
double beta_continued_fraction(double a, double b, double x) {
  double c = 1;
  double d = 1 / away_from_zero(1 - (a + b) * x / (a + 1));
  double result = d;
  for (int m = 1; m <= kLentzMaxTerms; ++m) {
    // Each step consumes two partial numerators: an even one, then an odd one.
    const double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / away_from_zero(1 + even * d);
    c = away_from_zero(1 + even / c);
    result *= d * c;
    const double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / away_from_zero(1 + odd * d);
    c = away_from_zero(1 + odd / c);
    const double step = d * c;
    result *= step;
    if (std::fabs(step - 1) < kLentzTolerance) return result;
  }
  throw std::runtime_error("regularized_incomplete_beta: no convergence for a = " + std::to_string(a) +
                           ", b = " + std::to_string(b) + ", x = " + std::to_string(x));
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0 && b > 0 && std::isfinite(a) && std::isfinite(b))) {
    throw std::invalid_argument("regularized_incomplete_beta: a = " + std::to_string(a) +
                                ", b = " + std::to_string(b) + "; expected finite a > 0 and b > 0");
  }
  if (!(x >= 0 && x <= 1)) {
    throw std::invalid_argument("regularized_incomplete_beta: x = " + std::to_string(x) +
                                "; expected 0 <= x <= 1");
  }
  if (x == 0 || x == 1) return x;
  // x^a (1-x)^b / B(a, b), in logarithms so that large a and b do not overflow.
  const double log_prefactor =
      a * std::log(x) + b * std::log1p(-x) + std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_prefactor) * beta_continued_fraction(a, b, x) / a;
  return 1 - std::exp(log_prefactor) * beta_continued_fraction(b, a, 1 - x) / b;
}

}  // namespace sigvit::stats
