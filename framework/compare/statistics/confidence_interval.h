#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace sigvit::stats {

struct Interval {
  double low = 0, high = 0;
};

// What a report says about one sample, e.g. a model's accuracy over seeds.
struct SampleDescription {
  size_t n = 0;
  double mean = 0;
  // The sample standard deviation (n - 1 in the denominator) and the
  // t-based interval of the mean at `level`. One value says nothing about
  // spread, so both are empty when n == 1.
  std::optional<double> std;
  std::optional<Interval> mean_interval;
  double level = 0.95;
  double min = 0, max = 0;
};

// Describes a non-empty sample of finite values; throws
// std::invalid_argument otherwise or unless 0 < level < 1.
SampleDescription describe_sample(const std::vector<double>& values, double level = 0.95);

}  // namespace sigvit::stats
