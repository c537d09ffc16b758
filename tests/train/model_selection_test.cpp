// train.select on scripted learning curves: each mode keeps the right epoch.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "../error_of.h"
#include "engine/model_selection.h"

namespace sigvit {
namespace {

using sigvit::testing::error_of;
using ::testing::HasSubstr;

struct Epoch {
  double train_loss;
  std::optional<double> val_loss, val_accuracy;
};

// The epoch (1-based) `selection` ends with, and each epoch's verdict.
int64_t selected_epoch(Selection selection, const std::vector<Epoch>& curve, std::vector<bool>* kept = nullptr) {
  TrainingState state;
  for (size_t i = 0; i < curve.size(); ++i) {
    EpochRecord record;
    record.epoch = static_cast<int64_t>(i + 1);
    record.train_loss = curve[i].train_loss;
    record.val_loss = curve[i].val_loss;
    record.val_accuracy = curve[i].val_accuracy;
    const bool better = select_if_better(selection, record, state);
    if (kept) kept->push_back(better);
  }
  return state.best_epoch;
}

// Train loss is lowest at epoch 4; validation accuracy peaks at 2 (tied at
// 3 with a higher loss); validation loss is lowest at 3; a late excursion at 5.
const std::vector<Epoch> curve{{1.0, 0.9, 0.50}, {0.6, 0.6, 0.80}, {0.5, 0.5, 0.80},
                               {0.2, 0.7, 0.70}, {0.9, 1.5, 0.40}};

TEST(ModelSelection, EachModeKeepsItsEpochOnAScriptedCurve) {
  EXPECT_EQ(selected_epoch(Selection::val_accuracy, curve), 3);  // 0.80 ties, lower loss wins
  EXPECT_EQ(selected_epoch(Selection::val_loss, curve), 3);
  EXPECT_EQ(selected_epoch(Selection::train_loss, curve), 4);
  EXPECT_EQ(selected_epoch(Selection::last, curve), 5);
  std::vector<bool> kept;
  selected_epoch(Selection::train_loss, curve, &kept);
  EXPECT_EQ(kept, (std::vector<bool>{true, true, true, true, false}));
}

TEST(ModelSelection, EpochsWithoutValidationNeverWinAValidationSelection) {
  const std::vector<Epoch> sparse{{1.0, 0.9, 0.5}, {0.1, std::nullopt, std::nullopt}, {0.5, 0.8, 0.6}};
  EXPECT_EQ(selected_epoch(Selection::val_accuracy, sparse), 3);
  EXPECT_EQ(selected_epoch(Selection::train_loss, sparse), 2);
}

TEST(ModelSelection, AutoFollowsTheValidationSplitAndValModesNeedOne) {
  EXPECT_EQ(parse_selection("auto", true, "train.select"), Selection::val_accuracy);
  EXPECT_EQ(parse_selection("auto", false, "train.select"), Selection::last);
  EXPECT_EQ(parse_selection("train_loss", false, "train.select"), Selection::train_loss);
  EXPECT_THAT(error_of([] { parse_selection("val_loss", false, "train.select"); }),
              HasSubstr("train.select: val_loss needs a validation split"));
  EXPECT_THAT(error_of([] { parse_selection("best", true, "train.select"); }),
              HasSubstr("train.select: expected auto, val_accuracy, val_loss, train_loss or last, got 'best'"));
}

}  // namespace
}  // namespace sigvit
