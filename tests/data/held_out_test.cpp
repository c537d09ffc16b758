#include "data/convert/held_out.h"
#include "data/convert/signal_assembly.h"
#include "data_test_support.h"

#include <map>
#include <set>

namespace sigvit {
namespace {

using data_testing::error_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(HeldOut, TakesEachClassItsShareAndIsFixedBySeed) {
  // 90 of class 0, 10 of class 1: a random 20% could miss class 1 entirely.
  std::vector<int64_t> labels(100, 0);
  for (int i = 90; i < 100; ++i) labels[static_cast<size_t>(i)] = 1;
  const std::vector<bool> held = choose_held_out(labels, {}, 0.2, 7);
  std::map<int64_t, int> counts;
  for (size_t i = 0; i < labels.size(); ++i)
    if (held[i]) ++counts[labels[i]];
  EXPECT_EQ(counts[0], 18);
  EXPECT_EQ(counts[1], 2);
  EXPECT_EQ(choose_held_out(labels, {}, 0.2, 7), held);
  EXPECT_NE(choose_held_out(labels, {}, 0.2, 8), held);
}

TEST(HeldOut, KeepsEveryGroupWholeOnOneSide) {
  // 12 recordings of 5 windows each, recordings 0-5 class 0, 6-11 class 1.
  std::vector<int64_t> labels, groups;
  for (int64_t group = 0; group < 12; ++group)
    for (int w = 0; w < 5; ++w) {
      labels.push_back(group < 6 ? 0 : 1);
      groups.push_back(group);
    }
  const std::vector<bool> held = choose_held_out(labels, groups, 0.34, 1);
  std::map<int64_t, std::set<bool>> sides;
  std::map<int64_t, int> held_groups;
  for (size_t i = 0; i < held.size(); ++i) {
    sides[groups[i]].insert(held[i]);
    if (held[i] && i % 5 == 0) ++held_groups[labels[i]];
  }
  for (const auto& [group, side] : sides) EXPECT_EQ(side.size(), 1u) << "group " << group;
  EXPECT_EQ(held_groups[0], 2);  // round(0.34 * 30) = 10 windows = 2 recordings per class
  EXPECT_EQ(held_groups[1], 2);
}

TEST(HeldOut, RefusesAFractionOutsideZeroToOneAndGroupsOfAnotherSize) {
  EXPECT_THAT(error_of([] { choose_held_out({0, 1}, {}, 1.0, 0); }), HasSubstr("expected a fraction between 0 and 1"));
  EXPECT_THAT(error_of([] { choose_held_out({0, 1}, {4}, 0.5, 0); }), HasSubstr("1 groups for 2 cases"));
}

TEST(Windows, CutEveryStrideWithTheRecordingsGroupAndDropAShortTail) {
  SignalCase recording{{{0, 1, 2, 3, 4, 5, 6}, {10, 11, 12, 13, 14, 15, 16}}, "a", "r.csv", {}, {}};
  const std::vector<SignalCase> windows = cut_windows(recording, {3, 2});
  ASSERT_EQ(windows.size(), 3u);  // starts 0, 2, 4; a window at 6 would run past the end
  EXPECT_THAT(windows[1].channels[0], ElementsAre(2, 3, 4));
  EXPECT_THAT(windows[1].channels[1], ElementsAre(12, 13, 14));
  EXPECT_EQ(windows[2].origin, "r.csv[4:7]");
  EXPECT_EQ(windows[0].group, "r.csv");
  EXPECT_EQ(windows[0].label, "a");
}

TEST(Windows, TakeTheLabelMostOfTheirSamplesHave) {
  SignalCase stream{{{0, 1, 2, 3, 4, 5}}, "", "s", "subject 1", {"a", "a", "b", "b", "b", "a"}};
  const std::vector<SignalCase> windows = cut_windows(stream, {3, 3});
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_EQ(windows[0].label, "a");
  EXPECT_EQ(windows[1].label, "b");
  EXPECT_EQ(windows[1].group, "subject 1");
}

TEST(Assembly, DrawsTheTestSplitPerClassAndNotesWhatItDid) {
  std::vector<SignalCase> cases;
  for (int i = 0; i < 10; ++i)
    cases.push_back({{{static_cast<float>(i), 1}}, i < 8 ? "common" : "rare", "c" + std::to_string(i), {}, {}});
  AssemblyOptions options;
  options.test_fraction = 0.5;
  const DatasetContent content = assemble_signals({{"train", cases}}, options, {});
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_EQ(content.splits[1].num_cases(), 5);
  EXPECT_THAT(content.info.class_names, ElementsAre("common", "rare"));
  EXPECT_EQ(std::count(content.splits[1].labels.begin(), content.splits[1].labels.end(), 1), 1);
  EXPECT_THAT(content.notes, ElementsAre(HasSubstr("test split: 5 of 10 cases (--split-fraction 0.5, seed 0)")));
  EXPECT_THAT(error_of([&] { assemble_signals({{"train", cases}}, AssemblyOptions{}, {}); }),
              HasSubstr("give --split-fraction F"));
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

TEST(Folds, DealEachClassEvenlyKeepGroupsWholeAndFollowTheSeed) {
  // 30 of class 0, 9 of class 1 in groups of 3 consecutive cases.
  std::vector<int64_t> labels, groups;
  for (int64_t i = 0; i < 39; ++i) {
    labels.push_back(i < 30 ? 0 : 1);
    groups.push_back(i / 3);
  }
  const std::vector<int64_t> folds = assign_folds(labels, groups, 3, 5);
  std::map<std::pair<int64_t, int64_t>, int> per_fold_and_class;
  std::map<int64_t, std::set<int64_t>> folds_of_group;
  for (size_t i = 0; i < labels.size(); ++i) {
    ++per_fold_and_class[{folds[i], labels[i]}];
    folds_of_group[groups[i]].insert(folds[i]);
  }
  for (int64_t fold = 0; fold < 3; ++fold) {
    // 10 groups of class 0 over 3 folds: 9, 9 and 12 cases; 3 groups of class 1: one per fold.
    EXPECT_GE(per_fold_and_class[std::make_pair(fold, int64_t{0})], 9) << fold;
    EXPECT_EQ(per_fold_and_class[std::make_pair(fold, int64_t{1})], 3) << fold;
  }
  for (const auto& [group, in] : folds_of_group) EXPECT_EQ(in.size(), 1u) << "group " << group;
  EXPECT_EQ(assign_folds(labels, groups, 3, 5), folds);
  EXPECT_NE(assign_folds(labels, groups, 3, 6), folds);
  EXPECT_THAT(error_of([&] { assign_folds(labels, groups, 1, 0); }), HasSubstr("1 folds, expected 2 or more"));
}

}  // namespace
}  // namespace sigvit
