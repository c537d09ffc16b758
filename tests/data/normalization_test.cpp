#include <cmath>

#include "config/config_loader.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data/load/normalization.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::numbered_signal_content;
using data_testing::TempDir;
using ::testing::HasSubstr;

// [2 cases, 2 channels, 5 samples]; case 0 valid for 5, case 1 for 3.
torch::Tensor padded_batch() {
  return torch::tensor({1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 10.0f, 10.0f, 10.0f, 10.0f, 10.0f,  //
                        2.0f, 4.0f, 6.0f, 0.0f, 0.0f, -1.0f, 0.0f, 1.0f, 0.0f, 0.0f})
      .reshape({2, 2, 5});
}

TEST(Normalization, PerSampleZScoresEachCaseAndChannelOverValidSamplesOnly) {
  torch::Tensor x = padded_batch();
  const torch::Tensor lengths = torch::tensor({5, 3}, torch::kInt64);
  Normalizer(NormalizationMode::per_sample, {}).apply(x, lengths);
  // Case 0 channel 0: mean 3, std sqrt(2).
  EXPECT_NEAR(x[0][0][0].item<float>(), -2.0 / std::sqrt(2.0), 1e-5);
  // A constant channel becomes zeros, not NaN.
  EXPECT_TRUE(torch::equal(x[0][1], torch::zeros({5})));
  // Case 1 channel 0: 2, 4, 6 -> mean 4, std sqrt(8/3); the padding stays 0.
  EXPECT_NEAR(x[1][0][2].item<float>(), 2.0 / std::sqrt(8.0 / 3.0), 1e-5);
  EXPECT_EQ(x[1][0][3].item<float>(), 0.0f);
  EXPECT_EQ(x[1][1][4].item<float>(), 0.0f);
  const torch::Tensor valid = x[1].narrow(1, 0, 3);
  EXPECT_NEAR(valid.mean(1).abs().max().item<float>(), 0.0, 1e-6);
  EXPECT_NEAR(valid[0].std(false).item<float>(), 1.0, 1e-5);
}

TEST(Normalization, ChannelStatsCountValidSamplesOnlyAndApplyKeepsPaddingZero) {
  TempDir dir;
  const std::string path = dir.file("stats.h5");
  const DatasetContent content = numbered_signal_content(7);
  write_dataset(path, content);
  const DatasetReader reader(path);
  // Reads of 2 cases: the sums must add up across reads.
  const NormalizationStats stats = compute_channel_stats(reader, "train", 2);
  const SplitData& train = content.splits[0];
  for (int64_t channel = 0; channel < 2; ++channel) {
    double sum = 0, sum_squares = 0, count = 0;
    for (int64_t i = 0; i < 7; ++i) {
      for (int64_t t = 0; t < train.lengths[static_cast<size_t>(i)]; ++t) {
        const double v = train.float32_values[static_cast<size_t>(i * 32 + channel * 16 + t)];
        sum += v;
        sum_squares += v * v;
        ++count;
      }
    }
    const double mean = sum / count;
    EXPECT_NEAR(stats.mean[static_cast<size_t>(channel)], mean, 1e-6);
    EXPECT_NEAR(stats.std[static_cast<size_t>(channel)], std::sqrt(sum_squares / count - mean * mean), 1e-6);
  }
  torch::Tensor x = padded_batch();
  Normalizer(NormalizationMode::per_channel, {{1.0, 10.0}, {2.0, 4.0}}).apply(x, torch::tensor({5, 3}));
  EXPECT_FLOAT_EQ(x[0][0][4].item<float>(), 2.0f);   // (5 - 1) / 2
  EXPECT_FLOAT_EQ(x[1][1][0].item<float>(), -2.75f);  // (-1 - 10) / 4
  EXPECT_EQ(x[1][1][3].item<float>(), 0.0f);
}

TEST(Normalization, StatsRoundTripThroughYamlAndBadStatsAreRefused) {
  const NormalizationStats stats{{0.5, -1.25}, {2.0, 0.125}};
  const LoadedConfig loaded = parse_config(YAML::Dump(stats.to_yaml()), "stats.yaml");
  const NormalizationStats back = NormalizationStats::from_yaml(loaded.node());
  EXPECT_EQ(back.mean, stats.mean);
  EXPECT_EQ(back.std, stats.std);
  EXPECT_THAT(error_of([] {
                NormalizationStats::from_yaml(parse_config("mean: [1, 2]\nstd: [1]\n", "ckpt.yaml").node());
              }),
              HasSubstr("ckpt.yaml"));
  EXPECT_THAT(error_of([] {
                NormalizationStats::from_yaml(parse_config("mean: [1]\nstd: [0]\n", "ckpt.yaml").node());
              }),
              HasSubstr("std"));
  torch::Tensor two_channels = padded_batch();
  EXPECT_THAT(error_of([&] { Normalizer(NormalizationMode::per_channel, {{1.0}, {1.0}}).apply(two_channels, {}); }),
              HasSubstr("stats for 1 channels, data has 2"));
}

}  // namespace
}  // namespace sigvit
