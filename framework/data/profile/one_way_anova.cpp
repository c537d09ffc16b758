#include "data/profile/one_way_anova.h"

#include <cstddef>
#include <limits>

#include "compare/statistics/f_distribution.h"

namespace sigvit {

ClassSeparation one_way_anova(const std::vector<double>& values, const std::vector<int64_t>& labels,
                              int64_t num_classes) {
  std::vector<double> sums(static_cast<std::size_t>(num_classes), 0.0);
  std::vector<int64_t> counts(static_cast<std::size_t>(num_classes), 0);
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sums[static_cast<std::size_t>(labels[i])] += values[i];
    ++counts[static_cast<std::size_t>(labels[i])];
    total += values[i];
  }
  const double n = static_cast<double>(values.size());
  int64_t groups = 0;
  for (int64_t count : counts) groups += count > 0;
  ClassSeparation result;
  if (groups < 2 || values.size() <= static_cast<std::size_t>(groups)) return result;

  const double grand_mean = total / n;
  double between = 0;
  for (std::size_t c = 0; c < sums.size(); ++c) {
    if (counts[c] == 0) continue;
    const double deviation = sums[c] / static_cast<double>(counts[c]) - grand_mean;
    between += static_cast<double>(counts[c]) * deviation * deviation;
  }
  double within = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::size_t c = static_cast<std::size_t>(labels[i]);
    const double deviation = values[i] - sums[c] / static_cast<double>(counts[c]);
    within += deviation * deviation;
  }
  const double total_squares = between + within;
  // Relative to the data's magnitude, so that rounding alone is not a difference.
  const double negligible = 1e-24 * (grand_mean * grand_mean * n + 1e-300);
  if (total_squares <= negligible) return result;  // every value the same
  result.eta_squared = between / total_squares;
  const double df_between = static_cast<double>(groups - 1);
  const double df_within = n - static_cast<double>(groups);
  if (within <= negligible) {
    result.f = std::numeric_limits<double>::infinity();
    result.p_value = 0;
    return result;
  }
  result.f = (between / df_between) / (within / df_within);
  result.p_value = stats::f_upper_tail(result.f, df_between, df_within);
  return result;
}

}  // namespace sigvit
