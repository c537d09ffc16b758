#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "results/progress.h"

namespace sigvit {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

EpochRecord validated_epoch() {
  EpochRecord record;
  record.epoch = 2;
  record.lr = 1e-3;
  record.train_loss = 0.5;
  record.train_accuracy = 0.75;
  record.val_loss = 0.625;
  record.val_accuracy = 0.5;
  record.seconds = 65;
  return record;
}

RunningTotals half_correct() {
  RunningTotals totals;
  totals.loss_sum = 2;
  totals.correct = 2;
  totals.cases = 4;
  totals.classified_cases = 4;
  totals.seconds = 1;
  return totals;
}

// A self-scoring model's epoch: losses, no predicted classes.
RunningTotals self_scored() {
  RunningTotals totals = half_correct();
  totals.correct = 0;
  totals.classified_cases = 0;
  return totals;
}

EpochRecord self_scored_epoch() {
  EpochRecord record = validated_epoch();
  record.train_accuracy.reset();
  record.val_accuracy.reset();
  return record;
}

TEST(ProgressReporter, AClassifiersLinesCarryTrainAndValidationAccuracy) {
  std::ostringstream out;
  ProgressReporter progress(out, /*terminal=*/true, /*epochs=*/3, /*batches_per_epoch=*/2);
  progress.step(0, 2, half_correct());
  progress.epoch_done(validated_epoch());
  EXPECT_THAT(out.str(), HasSubstr("loss 0.5000  acc  50.0%  ETA"));
  EXPECT_THAT(out.str(), HasSubstr("epoch   2/3  lr 1.00e-03  train loss 0.5000 acc  75.0%  |  val loss 0.6250 acc  50.0%  1:05\n"));
}

TEST(ProgressReporter, PretrainingLinesShowTheLossWithoutAnAccuracyOfZero) {
  std::ostringstream out;
  ProgressReporter progress(out, /*terminal=*/true, /*epochs=*/3, /*batches_per_epoch=*/2);
  progress.step(0, 2, self_scored());
  progress.epoch_done(self_scored_epoch());
  EXPECT_THAT(out.str(), Not(HasSubstr("acc")));
  EXPECT_THAT(out.str(), HasSubstr("loss 0.5000  ETA"));
  EXPECT_THAT(out.str(), HasSubstr("epoch   2/3  lr 1.00e-03  train loss 0.5000  |  val loss 0.6250  1:05\n"));
}

}  // namespace
}  // namespace sigvit
