#include "data/profile/normalization_stats.h"

#include <algorithm>
#include <cmath>

#include "data/format/dataset_reader.h"
#include "sigvit/error.h"

namespace sigvit {

std::string to_string(NormalizationMode mode) {
  switch (mode) {
    case NormalizationMode::none: return "none";
    case NormalizationMode::per_sample: return "per_sample";
    case NormalizationMode::per_channel: return "per_channel";
  }
  return "none";
}

NormalizationMode parse_normalization_mode(const std::string& text, const std::string& where) {
  if (text == "none") return NormalizationMode::none;
  if (text == "per_sample") return NormalizationMode::per_sample;
  if (text == "per_channel") return NormalizationMode::per_channel;
  throw Error(where + ": normalization '" + text + "', expected none, per_sample or per_channel");
}

YAML::Node NormalizationStats::to_yaml() const {
  YAML::Node node;
  node["mean"] = mean;
  node["std"] = std;
  return node;
}

NormalizationStats NormalizationStats::from_yaml(const ConfigNode& node) {
  node.expect_keys({"mean", "std"});
  NormalizationStats stats;
  stats.mean = node.require<std::vector<double>>("mean");
  stats.std = node.require<std::vector<double>>("std");
  if (stats.mean.empty() || stats.mean.size() != stats.std.size()) {
    node.fail("expected mean and std with one value per channel each, got " + std::to_string(stats.mean.size()) +
              " and " + std::to_string(stats.std.size()));
  }
  for (double s : stats.std) {
    if (!(s > 0) || !std::isfinite(s)) node.child("std").fail("expected finite values > 0, got " + std::to_string(s));
  }
  return stats;
}

NormalizationStats compute_channel_stats(const DatasetReader& reader, const std::string& split,
                                         int64_t block_cases, const std::vector<int64_t>& cases) {
  const SplitLayout& layout = reader.split(split);
  if (layout.num_cases == 0) throw Error(reader.path() + ": /" + split + ": no cases to compute normalisation on");
  std::vector<bool> counted(cases.empty() ? 0 : static_cast<size_t>(layout.num_cases), false);
  for (int64_t index : cases) counted.at(static_cast<size_t>(index)) = true;
  const int64_t channels = layout.case_shape[0];
  const bool signal = reader.info().kind == DatasetKind::signal1d;
  std::vector<double> sum(channels, 0.0), sum_squares(channels, 0.0), count(channels, 0.0);
  const int64_t step = std::max<int64_t>(block_cases, 1);
  for (int64_t begin = 0; begin < layout.num_cases; begin += step) {
    const CaseBlock block = reader.read_cases(split, begin, std::min(step, layout.num_cases - begin));
    const int64_t block_size = block.shape[0];
    int64_t samples_per_channel = 1;
    for (size_t d = 2; d < block.shape.size(); ++d) samples_per_channel *= block.shape[d];
    for (int64_t i = 0; i < block_size; ++i) {
      if (!counted.empty() && !counted[static_cast<size_t>(begin + i)]) continue;
      // Samples past a signal's length are padding, not data.
      const int64_t valid = signal ? block.lengths[i] : samples_per_channel;
      for (int64_t c = 0; c < channels; ++c) {
        const float* x = block.values.data() + (i * channels + c) * samples_per_channel;
        for (int64_t s = 0; s < valid; ++s) {
          const double v = x[s];
          sum[c] += v;
          sum_squares[c] += v * v;
        }
        count[c] += static_cast<double>(valid);
      }
    }
  }
  NormalizationStats stats;
  for (int64_t c = 0; c < channels; ++c) {
    const double mean = sum[c] / count[c];
    const double std = std::sqrt(std::max(sum_squares[c] / count[c] - mean * mean, 0.0));
    stats.mean.push_back(mean);
    stats.std.push_back(std < kMinNormalizationStd ? 1.0 : std);
  }
  return stats;
}

}  // namespace sigvit
