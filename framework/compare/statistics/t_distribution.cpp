#include "compare/statistics/t_distribution.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "compare/statistics/incomplete_beta.h"
#include "compare/statistics/input_checks.h"

namespace sigvit::stats {
namespace {

void require_degrees_of_freedom(double df, const char* function) {
  if (!(df > 0 && std::isfinite(df))) {
    throw std::invalid_argument(std::string(function) + ": df = " + std::to_string(df) +
                                "; expected finite degrees of freedom > 0");
  }
}

// P(T > t) for t >= 0. Taken from the incomplete beta directly rather than as
// 1 - CDF, so that a small tail keeps its digits.
double upper_tail(double t, double df) {
  return 0.5 * regularized_incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double student_t_cdf(double t, double df) {
  require_degrees_of_freedom(df, "student_t_cdf");
  if (std::isnan(t)) throw std::invalid_argument("student_t_cdf: t is NaN; expected a number");
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  return t >= 0 ? 1 - upper_tail(t, df) : upper_tail(-t, df);
}

double student_t_quantile(double p, double df) {
  require_degrees_of_freedom(df, "student_t_quantile");
  if (!(p > 0 && p < 1)) {
    throw std::invalid_argument("student_t_quantile: p = " + std::to_string(p) + "; expected 0 < p < 1");
  }
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  const double tail = 1 - p;
  if (tail == 0.5) return 0;
  // Bisection on the tail, which falls monotonically in t: slower than Newton
  // but it cannot diverge, even for df near 0 where the quantiles are huge.
  double low = 0, high = 1;
  while (upper_tail(high, df) > tail) {
    low = high;
    high *= 2;
    if (std::isinf(high)) return high;
  }
  for (int step = 0; step < 200 && high - low > 4e-16 * high; ++step) {
    const double middle = 0.5 * (low + high);
    (upper_tail(middle, df) > tail ? low : high) = middle;
  }
  return 0.5 * (low + high);
}

double t_critical_value(double df, double level) {
  require_open_unit_interval(level, "t_critical_value: level");
  return student_t_quantile(0.5 + level / 2, df);
}

}  // namespace sigvit::stats
