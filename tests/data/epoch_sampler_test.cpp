#include <algorithm>
#include <set>

#include "data/load/epoch_sampler.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using ::testing::HasSubstr;

SamplerOptions options_for(int64_t cases, int64_t batch_size) {
  SamplerOptions options;
  options.num_cases = cases;
  options.batch_size = batch_size;
  options.seed = 7;
  options.block_cases = 4;
  options.window_blocks = 3;
  return options;
}

TEST(EpochSampler, SameSeedAndEpochGiveTheSameOrderOthersDiffer) {
  const EpochSampler sampler(options_for(100, 8));
  EXPECT_EQ(sampler.order(3), EpochSampler(options_for(100, 8)).order(3));
  EXPECT_NE(sampler.order(3), sampler.order(4));
  SamplerOptions other_seed = options_for(100, 8);
  other_seed.seed = 8;
  EXPECT_NE(EpochSampler(other_seed).order(3), sampler.order(3));
  // A permutation of every case.
  std::vector<int64_t> sorted = sampler.order(3);
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 100; ++i) EXPECT_EQ(sorted[static_cast<size_t>(i)], i);
}

TEST(EpochSampler, WithoutShuffleTheOrderIsTheFileOrder) {
  SamplerOptions options = options_for(10, 4);
  options.shuffle = false;
  const auto batches = EpochSampler(options).batches(5);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0], (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(batches[2], (std::vector<int64_t>{8, 9}));
}

TEST(EpochSampler, BlockShuffleKeepsEachWindowsCasesTogether) {
  // Blocks of 4 cases, windows of 3 blocks: each run of 12 positions of the
  // order holds exactly the cases of 3 whole blocks.
  const std::vector<int64_t> order = EpochSampler(options_for(48, 8)).order(0);
  for (size_t window = 0; window < 4; ++window) {
    std::set<int64_t> blocks;
    for (size_t i = window * 12; i < window * 12 + 12; ++i) blocks.insert(order[i] / 4);
    EXPECT_EQ(blocks.size(), 3u) << "window " << window;
  }
  // Shuffled within windows, not just block by block.
  EXPECT_NE(order[1], order[0] + 1);
}

TEST(EpochSampler, DropLastDropsThePartialBatchKeepKeepsIt) {
  SamplerOptions options = options_for(10, 4);
  EXPECT_EQ(EpochSampler(options).batches(0).size(), 3u);
  EXPECT_EQ(EpochSampler(options).batches(0).back().size(), 2u);
  options.drop_last = true;
  const auto batches = EpochSampler(options).batches(0);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[1].size(), 4u);
  EXPECT_EQ(EpochSampler(options).batches_per_epoch(), 2);
}

// Every rank's batches for one configuration.
std::vector<std::vector<std::vector<int64_t>>> shards(int64_t cases, int64_t batch_size, int64_t ranks,
                                                      bool drop_last, bool pad_shares = true) {
  std::vector<std::vector<std::vector<int64_t>>> all;
  for (int64_t rank = 0; rank < ranks; ++rank) {
    SamplerOptions options = options_for(cases, batch_size);
    options.drop_last = drop_last;
    options.pad_shares = pad_shares;
    options.rank = rank;
    options.world_size = ranks;
    all.push_back(EpochSampler(options).batches(2));
  }
  return all;
}

TEST(EpochSampler, RanksTakeDisjointCoveringSharesWithEqualBatchCounts) {
  for (int64_t cases : {24, 29, 31}) {
    const auto all = shards(cases, 4, 3, false);
    std::multiset<int64_t> seen;
    for (const auto& rank : all) {
      EXPECT_EQ(rank.size(), all[0].size()) << cases << " cases";
      for (const auto& batch : rank) seen.insert(batch.begin(), batch.end());
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(cases)) << "disjoint";
    EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), static_cast<size_t>(cases)) << "covering";
  }
  // Together the ranks' shares are the single-process order.
  const std::vector<int64_t> order = EpochSampler(options_for(29, 4)).order(2);
  const auto all = shards(29, 4, 3, false);
  EXPECT_EQ(all[1][0], std::vector<int64_t>(order.begin() + 4, order.begin() + 8));
}

TEST(EpochSampler, DropLastGivesEveryRankOnlyFullBatches) {
  const auto all = shards(29, 4, 3, true);
  std::set<int64_t> seen;
  for (const auto& rank : all) {
    ASSERT_EQ(rank.size(), 2u);
    for (const auto& batch : rank) {
      EXPECT_EQ(batch.size(), 4u);
      seen.insert(batch.begin(), batch.end());
    }
  }
  EXPECT_EQ(seen.size(), 24u);
}

TEST(EpochSampler, AFinalStepSmallerThanTheRanksRepeatsCasesSoCountsStayEqual) {
  // 13 cases, batch 4, 3 ranks: the second step holds 1 case for 3 ranks.
  const auto all = shards(13, 4, 3, false);
  for (const auto& rank : all) {
    ASSERT_EQ(rank.size(), 2u);
    EXPECT_EQ(rank[1].size(), 1u);
  }
}

TEST(EpochSampler, WithoutPaddedSharesEveryCaseIsTakenExactlyOnce) {
  // Evaluation: 13 cases, batch 4, 3 ranks; the second step's one case goes
  // to the last rank, and the others have one batch fewer.
  const auto all = shards(13, 4, 3, false, false);
  std::multiset<int64_t> seen;
  for (const auto& rank : all) {
    for (const auto& batch : rank) seen.insert(batch.begin(), batch.end());
  }
  EXPECT_EQ(seen.size(), 13u);
  EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 13u);
  EXPECT_EQ(all[0].size(), 1u);
  EXPECT_EQ(all[1].size(), 1u);
  ASSERT_EQ(all[2].size(), 2u);
  EXPECT_EQ(all[2][1], std::vector<int64_t>{12});
}

TEST(EpochSampler, RejectsOptionsOutOfRange) {
  SamplerOptions options = options_for(10, 0);
  EXPECT_THAT(error_of([&] { EpochSampler{options}; }), HasSubstr("batch_size is 0, expected > 0"));
  options = options_for(10, 2);
  options.rank = 2;
  options.world_size = 2;
  EXPECT_THAT(error_of([&] { EpochSampler{options}; }), HasSubstr("rank is 2, expected within [0, 2)"));
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

TEST(EpochSampler, BalancedDrawsEveryClassAboutEquallyOftenAndIsSeeded) {
  SamplerOptions options;
  options.num_cases = 1000;
  options.batch_size = 50;
  options.seed = 3;
  // 900 cases of class 0, 90 of class 1, 10 of class 2.
  for (int64_t i = 0; i < 1000; ++i) options.balance_labels.push_back(i < 900 ? 0 : i < 990 ? 1 : 2);
  const EpochSampler sampler(options);
  const std::vector<int64_t> order = sampler.order(0);
  ASSERT_EQ(order.size(), 1000u);
  std::vector<int> draws(3, 0);
  for (int64_t i : order) ++draws[static_cast<size_t>(options.balance_labels[static_cast<size_t>(i)])];
  for (int count : draws) EXPECT_NEAR(count, 333, 60);
  EXPECT_EQ(sampler.order(0), order);
  EXPECT_NE(sampler.order(1), order);
  options.balance_labels.pop_back();
  EXPECT_THAT(error_of([&] { EpochSampler{options}; }), HasSubstr("999 labels to balance for 1000 cases"));
}

}  // namespace
}  // namespace sigvit
