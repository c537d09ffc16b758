#include "config/config_loader.h"
#include "data/load/loader_options.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using ::testing::HasSubstr;

LoaderOptions parsed(const std::string& text) {
  return parse_loader_options(parse_config(text, "exp.yaml").node().child("data"));
}

TEST(LoaderOptions, ReadsEveryKeyAndDefaultsTheRest) {
  const LoaderOptions options = parsed(
      "data:\n"
      "  path: somewhere.h5\n"
      "  batch_size: 64\n"
      "  shuffle: false\n"
      "  drop_last: true\n"
      "  memory_budget_mb: 0.5\n"
      "  prefetch: 0\n"
      "  shuffle_block_kb: 256\n"
      "  shuffle_window: 4\n"
      "  normalization: per_channel\n"
      "  augment: {crop_padding: 4, horizontal_flip: true}\n");
  EXPECT_EQ(options.batch_size, 64);
  EXPECT_FALSE(options.shuffle);
  EXPECT_TRUE(options.drop_last);
  EXPECT_EQ(options.memory_budget_bytes, 512 * 1024);
  EXPECT_EQ(options.prefetch, 0);
  EXPECT_EQ(options.shuffle_block_bytes, 256 * 1024);
  EXPECT_EQ(options.shuffle_window_blocks, 4);
  EXPECT_EQ(options.normalization, NormalizationMode::per_channel);
  EXPECT_EQ(options.augment.crop_padding, 4);
  EXPECT_TRUE(options.augment.horizontal_flip);

  const LoaderOptions defaults = parsed("data: {path: x.h5}\n");
  EXPECT_EQ(defaults.batch_size, 32);
  EXPECT_TRUE(defaults.shuffle);
  EXPECT_EQ(defaults.memory_budget_bytes, 512 << 20);
  EXPECT_EQ(defaults.prefetch, 2);
  EXPECT_FALSE(defaults.augment.any());

  const LoaderOptions evaluation = options.for_evaluation();
  EXPECT_FALSE(evaluation.drop_last);
  EXPECT_FALSE(evaluation.augment.any());
  EXPECT_EQ(evaluation.batch_size, 64);
}

TEST(LoaderOptions, BadValuesNameTheFileLineAndKey) {
  EXPECT_THAT(error_of([] { parsed("data:\n  batch_size: 0\n"); }),
              HasSubstr("exp.yaml:2: data.batch_size: expected an integer >= 1, got 0"));
  EXPECT_THAT(error_of([] { parsed("data:\n  normalization: zscore\n"); }),
              HasSubstr("data.normalization: normalization 'zscore', expected none, per_sample or per_channel"));
  EXPECT_THAT(error_of([] { parsed("data:\n  prefetch: lots\n"); }), HasSubstr("data.prefetch"));
  EXPECT_THAT(error_of([] { parsed("data:\n  augment:\n    flip: true\n"); }), HasSubstr("flip"));
  EXPECT_THAT(error_of([] { parsed("data:\n  augment:\n    flip: true\n"); }), HasSubstr("exp.yaml:3"));
}

}  // namespace
}  // namespace sigvit
