#include "compare/statistics/confidence_interval.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "compare/statistics/input_checks.h"
#include "compare/statistics/t_distribution.h"

namespace sigvit::stats {

SampleDescription describe_sample(const std::vector<double>& values, double level) {
  if (values.empty()) throw std::invalid_argument("describe_sample: the sample is empty; expected at least 1 value");
  require_finite(values, "describe_sample");
  require_open_unit_interval(level, "describe_sample: level");

  SampleDescription sample;
  sample.n = values.size();
  sample.level = level;
  const auto [min, max] = std::minmax_element(values.begin(), values.end());
  sample.min = *min;
  sample.max = *max;
  double sum = 0;
  for (double value : values) sum += value;
  sample.mean = sum / static_cast<double>(sample.n);
  if (sample.n < 2) return sample;

  // Squared deviations from the mean rather than sum(x^2) - n mean^2, which
  // cancels catastrophically when, as with accuracies, the spread is far
  // smaller than the values.
  double squares = 0;
  for (double value : values) squares += (value - sample.mean) * (value - sample.mean);
  sample.std = std::sqrt(squares / static_cast<double>(sample.n - 1));
  const double half_width =
      t_critical_value(static_cast<double>(sample.n - 1), level) * *sample.std / std::sqrt(static_cast<double>(sample.n));
  sample.mean_interval = Interval{sample.mean - half_width, sample.mean + half_width};
  return sample;
}

}  // namespace sigvit::stats
