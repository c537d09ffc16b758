// `sigvit summary` on the CNN baselines: every parameter sits in a traced
// layer, and convolutions and the head are counted.

#include <torch/torch.h>

#include <algorithm>

#include "model_test_support.h"
#include "summary/model_summary.h"

namespace sigvit::model_testing {
namespace {

using ::testing::HasSubstr;

TEST(CnnSummary, CountsTheMacsOfFcn) {
  ModelSummary summary = summarize(*preset("fcn_ucr"));  // [1, 150], 2 classes
  // A convolution costs out_elements * in_channels * kernel: "same" padding
  // keeps 150 positions in every layer. Then the head.
  const int64_t length = 150;
  const int64_t expected = length * 128 * 1 * 8 + length * 256 * 128 * 5 + length * 128 * 256 * 3 + 128 * 2;
  EXPECT_EQ(expected, 39475456);
  EXPECT_EQ(summary.macs, expected);
}

TEST(CnnSummary, CountsTheMacsOfM5ThroughItsStridesAndPools) {
  ModelSummary summary = summarize(*preset("m5_8000"));
  // 8000 samples: conv k80 s4 -> (8000 - 80) / 4 + 1 = 1981, pool 4 -> 495,
  // conv k3 "same" -> 495, pool -> 123, -> 30, -> 7.
  const int64_t expected = 1981 * 64 * 1 * 80 + 495 * 64 * 64 * 3 + 123 * 128 * 64 * 3 + 30 * 256 * 128 * 3 + 256 * 10;
  EXPECT_EQ(summary.macs, expected);
  auto last_pool = std::find_if(summary.rows.rbegin(), summary.rows.rend(),
                                [](const SummaryRow& row) { return row.name == "pool"; });
  ASSERT_NE(last_pool, summary.rows.rend());
  EXPECT_EQ(last_pool->output_shape, (std::vector<int64_t>{1, 256, 7}));
}

TEST(CnnSummary, EveryPresetShowsAllItsParametersInItsLayers) {
  for (const std::string name : {"fcn_ucr", "resnet1d_ucr", "inception_time_ucr", "m5_8000", "resnet2d_28"}) {
    auto model = preset(name);
    ModelSummary summary = summarize(*model);
    EXPECT_TRUE(summary.other_params.empty()) << name << ": " << summary.other_params.front().first;
    int64_t in_rows = 0;
    for (const auto& row : summary.rows) in_rows += row.params;
    EXPECT_EQ(in_rows, summary.total_params) << name;
    EXPECT_EQ(summary.total_params, parameter_count(*model)) << name;
    EXPECT_GT(summary.macs, 0) << name;
    EXPECT_THAT(format_summary(summary), HasSubstr("head")) << name;
  }
}

}  // namespace
}  // namespace sigvit::model_testing
