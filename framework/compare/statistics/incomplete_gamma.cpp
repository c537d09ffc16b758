#include "compare/statistics/incomplete_gamma.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "compare/statistics/continued_fraction.h"

namespace sigvit::stats {
namespace {

void require_arguments(double a, double x, const char* function) {
  if (!(a > 0 && std::isfinite(a))) {
    throw std::invalid_argument(std::string(function) + ": a = " + std::to_string(a) + "; expected finite a > 0");
  }
  if (!(x >= 0)) {
    throw std::invalid_argument(std::string(function) + ": x = " + std::to_string(x) + "; expected x >= 0");
  }
}

// x^a e^-x / Gamma(a), the factor both expansions share.
double prefactor(double a, double x) { return std::exp(a * std::log(x) - x - std::lgamma(a)); }

// P(a, x) by its power series; all terms are positive, so it is accurate
// where it converges fast, for x < a + 1.
double lower_by_series(double a, double x) {
  double term = 1 / a;
  double sum = term;
  for (int n = 1; n <= kLentzMaxTerms; ++n) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * kLentzTolerance) return sum * prefactor(a, x);
  }
  throw std::runtime_error("regularized incomplete gamma: series did not converge for a = " +
                           std::to_string(a) + ", x = " + std::to_string(x));
}

// Q(a, x) by its continued fraction (modified Lentz), which converges fast
// for x >= a + 1.
double upper_by_continued_fraction(double a, double x) {
  double denominator = x + 1 - a;
  double c = 1 / kLentzTiny;
  double d = 1 / away_from_zero(denominator);
  double result = d;
  for (int i = 1; i <= kLentzMaxTerms; ++i) {
    const double numerator = -i * (i - a);
    denominator += 2;
    d = 1 / away_from_zero(numerator * d + denominator);
    c = away_from_zero(denominator + numerator / c);
    const double step = d * c;
    result *= step;
    if (std::fabs(step - 1) < kLentzTolerance) return result * prefactor(a, x);
  }
  throw std::runtime_error("regularized incomplete gamma: continued fraction did not converge for a = " +
                           std::to_string(a) + ", x = " + std::to_string(x));
}

}  // namespace

double regularized_lower_incomplete_gamma(double a, double x) {
  require_arguments(a, x, "regularized_lower_incomplete_gamma");
  if (x == 0) return 0;
  if (std::isinf(x)) return 1;
  return x < a + 1 ? lower_by_series(a, x) : 1 - upper_by_continued_fraction(a, x);
}

double regularized_upper_incomplete_gamma(double a, double x) {
  require_arguments(a, x, "regularized_upper_incomplete_gamma");
  if (x == 0) return 1;
  if (std::isinf(x)) return 0;
  return x < a + 1 ? 1 - lower_by_series(a, x) : upper_by_continued_fraction(a, x);
}

}  // namespace sigvit::stats
