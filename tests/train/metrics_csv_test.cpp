// metrics.csv read back as written, and the errors of a damaged one.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../error_of.h"
#include "results/training_state.h"

namespace sigvit {
namespace {

using sigvit::testing::error_of;
using ::testing::HasSubstr;

TEST(MetricsCsv, ReadsBackWhatWasWrittenWithAndWithoutValidation) {
  EpochRecord validated{1, 0.002, 1.25, 0.5, 0.9, 0.625, 3.5};
  EpochRecord plain{2, 0.001, 0.75, 0.875, std::nullopt, std::nullopt, 2.25};
  const std::vector<EpochRecord> read = parse_metrics_csv(metrics_csv({validated, plain}), "metrics.csv");
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].epoch, 1);
  EXPECT_DOUBLE_EQ(read[0].lr, 0.002);
  EXPECT_DOUBLE_EQ(read[0].train_loss, 1.25);
  EXPECT_DOUBLE_EQ(read[0].train_accuracy.value(), 0.5);
  EXPECT_DOUBLE_EQ(read[0].val_loss.value(), 0.9);
  EXPECT_DOUBLE_EQ(read[0].val_accuracy.value(), 0.625);
  EXPECT_DOUBLE_EQ(read[0].seconds, 3.5);
  EXPECT_EQ(read[1].epoch, 2);
  EXPECT_FALSE(read[1].val_loss.has_value());
  EXPECT_FALSE(read[1].val_accuracy.has_value());
  EXPECT_DOUBLE_EQ(read[1].train_accuracy.value(), 0.875);
}

TEST(MetricsCsv, ASelfScoredRunHasEmptyAccuracyColumnsNotZeros) {
  EpochRecord pretraining{1, 0.002, 0.42, std::nullopt, 0.45, std::nullopt, 3.5};
  const std::string written = metrics_csv({pretraining});
  EXPECT_THAT(written, HasSubstr("\n1,0.002,0.420000,,0.450000,,3.50,"));
  const std::vector<EpochRecord> read = parse_metrics_csv(written, "metrics.csv");
  ASSERT_EQ(read.size(), 1u);
  EXPECT_FALSE(read[0].train_accuracy.has_value());
  EXPECT_DOUBLE_EQ(read[0].val_loss.value(), 0.45);
  EXPECT_FALSE(read[0].val_accuracy.has_value());
}

TEST(MetricsCsv, TheTrainedWeightsValidationUnderEmaRoundTrips) {
  EpochRecord averaged{1, 0.002, 1.25, 0.5, 0.9, 0.625, 3.5, 2.0, 0, 1.1, 0.5};
  const std::vector<EpochRecord> read = parse_metrics_csv(metrics_csv({averaged}), "metrics.csv");
  ASSERT_EQ(read.size(), 1u);
  EXPECT_DOUBLE_EQ(read[0].val_accuracy.value(), 0.625);
  EXPECT_DOUBLE_EQ(read[0].raw_val_loss.value(), 1.1);
  EXPECT_DOUBLE_EQ(read[0].raw_val_accuracy.value(), 0.5);
  EXPECT_DOUBLE_EQ(read[0].grad_norm, 2.0);
  // A file of the previous version (nine columns) still loads.
  const auto nine = parse_metrics_csv(
      "epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds,grad_norm,skipped_steps\n1,0.1,0.5,0.5,,,1,2,0\n",
      "old/metrics.csv");
  ASSERT_EQ(nine.size(), 1u);
  EXPECT_FALSE(nine[0].raw_val_loss.has_value());
}

TEST(MetricsCsv, ADamagedRowIsNamedWithFileAndLine) {
  const std::string header = "epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n";
  EXPECT_THAT(error_of([&] { parse_metrics_csv(header + "1,0.1,0.5,0.5,,,1\n2,0.1,0.5\n", "run/metrics.csv"); }),
              HasSubstr("run/metrics.csv:3: 3 columns (expected epoch,lr,"));
  EXPECT_THAT(error_of([&] { parse_metrics_csv(header + "1,0.1,lots,0.5,,,1\n", "run/metrics.csv"); }),
              HasSubstr("run/metrics.csv:2: column 3 is not a number: 'lots'"));
  // An epoch beyond any integer type, or a fraction of a step, is no count.
  EXPECT_THAT(error_of([&] { parse_metrics_csv(header + "1e300,0.1,0.5,0.5,,,1\n", "run/metrics.csv"); }),
              HasSubstr("run/metrics.csv:2: column 1 is not a count: '1e300'"));
  EXPECT_THAT(error_of([&] { parse_metrics_csv(header + "2.5,0.1,0.5,0.5,,,1\n", "run/metrics.csv"); }),
              HasSubstr("column 1 is not a count"));
}

}  // namespace
}  // namespace sigvit
