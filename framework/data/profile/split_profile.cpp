#include "data/profile/split_profile.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "data/format/dataset_reader.h"

namespace sigvit {
namespace {

// Running moments of one channel over the whole split, merged case by case
// (Chan et al.'s pairwise update), so that a large level does not cancel a
// small spread.
struct ChannelTotals {
  double mean = 0, squares = 0;  // squares: sum of squared deviations from mean
  int64_t count = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();

  void merge(int64_t case_count, double case_mean, double case_squares) {
    const double n = static_cast<double>(count), m = static_cast<double>(case_count);
    const double delta = case_mean - mean;
    mean += delta * m / (n + m);
    squares += case_squares + delta * delta * n * m / (n + m);
    count += case_count;
  }
};

}  // namespace

SplitProfile profile_split(const DatasetReader& reader, const std::string& split, int64_t block_cases) {
  const SplitLayout& layout = reader.split(split);
  const int64_t channels = layout.case_shape[0];
  int64_t stored = 1;  // samples per channel of one case, padding included
  for (size_t d = 1; d < layout.case_shape.size(); ++d) stored *= layout.case_shape[d];

  SplitProfile profile;
  profile.name = split;
  profile.cases = layout.num_cases;
  profile.class_counts.assign(reader.info().class_names.size(), 0);
  profile.min_length = layout.num_cases ? std::numeric_limits<int64_t>::max() : 0;
  std::vector<ChannelTotals> totals(static_cast<size_t>(channels));
  // Per channel, per case: mean level and standard deviation.
  std::vector<std::vector<double>> levels(static_cast<size_t>(channels)), scales(static_cast<size_t>(channels));
  std::vector<int64_t> labels;
  int64_t valid_samples = 0;

  const int64_t step = std::max<int64_t>(block_cases, 1);
  for (int64_t begin = 0; begin < layout.num_cases; begin += step) {
    const CaseBlock block = reader.read_cases(split, begin, std::min(step, layout.num_cases - begin));
    const int64_t count = block.shape[0];
    for (int64_t i = 0; i < count; ++i) {
      const int64_t label = block.labels[static_cast<size_t>(i)];
      labels.push_back(label);
      ++profile.class_counts[static_cast<size_t>(label)];
      const int64_t length = block.lengths.empty() ? stored : block.lengths[static_cast<size_t>(i)];
      profile.min_length = std::min(profile.min_length, length);
      profile.max_length = std::max(profile.max_length, length);
      valid_samples += length;
      for (int64_t c = 0; c < channels; ++c) {
        // Signals keep their valid samples first along the last axis.
        const float* values = block.values.data() + (i * channels + c) * stored;
        double sum = 0;
        for (int64_t t = 0; t < length; ++t) sum += values[t];
        const double mean = sum / static_cast<double>(length);
        double squares = 0;
        ChannelTotals& channel = totals[static_cast<size_t>(c)];
        for (int64_t t = 0; t < length; ++t) {
          const double value = values[t];
          squares += (value - mean) * (value - mean);
          channel.min = std::min(channel.min, value);
          channel.max = std::max(channel.max, value);
        }
        channel.merge(length, mean, squares);
        levels[static_cast<size_t>(c)].push_back(mean);
        scales[static_cast<size_t>(c)].push_back(std::sqrt(squares / static_cast<double>(length)));
      }
    }
  }
  const int64_t stored_samples = layout.num_cases * stored;
  profile.padded_fraction =
      stored_samples ? 1.0 - static_cast<double>(valid_samples) / static_cast<double>(stored_samples) : 0.0;
  const int64_t num_classes = static_cast<int64_t>(reader.info().class_names.size());
  for (int64_t c = 0; c < channels; ++c) {
    const ChannelTotals& channel = totals[static_cast<size_t>(c)];
    ChannelProfile result;
    if (channel.count > 0) {
      result.mean = channel.mean;
      result.std = std::sqrt(channel.squares / static_cast<double>(channel.count));
      result.min = channel.min;
      result.max = channel.max;
    }
    result.level = one_way_anova(levels[static_cast<size_t>(c)], labels, num_classes);
    result.scale = one_way_anova(scales[static_cast<size_t>(c)], labels, num_classes);
    profile.channels.push_back(result);
  }
  return profile;
}

}  // namespace sigvit
