// `sigvit search`: the search file and its candidates, and a toy search end
// to end whose test split cannot be read.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "../error_of.h"
#include "../train/train_test_support.h"
#include "config/config_loader.h"
#include "core/atomic_file.h"
#include "search/plan/leaderboard.h"
#include "search/plan/search_plan.h"
#include "search/search_runner.h"

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using sigvit::testing::error_of;

std::string search_file(const TempDir& dir, const std::string& body) {
  dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
  return dir.write("search.yaml", "experiment: toy.yaml\noutput: " + dir.file("out") + "\n" + body);
}

TEST(SearchPlan, AGridIsEveryRecipeWithEveryCombinationOfChoices) {
  TempDir dir;
  const SearchPlan plan = read_search_plan(search_file(dir,
                                                       "space:\n"
                                                       "  train.lr: [0.001, 0.003]\n"
                                                       "  model.encoder.depth: [1, 2, 3]\n"
                                                       "recipes:\n"
                                                       "  plain: {}\n"
                                                       "  mixup: {data.augment.mixup_alpha: 0.2}\n"));
  const std::vector<Candidate> candidates = search_candidates(plan);
  ASSERT_EQ(candidates.size(), 12u);
  EXPECT_EQ(candidates[0].label, "plain-c01");
  EXPECT_THAT(candidates[0].overrides, ElementsAre("train.lr=0.001", "model.encoder.depth=1"));
  EXPECT_EQ(candidates[11].label, "mixup-c12");
  EXPECT_THAT(candidates[11].overrides,
              ElementsAre("data.augment.mixup_alpha=0.2", "train.lr=0.003", "model.encoder.depth=3"));
  EXPECT_EQ(plan.folds, 5);
  EXPECT_THAT(plan.seeds, ElementsAre(0u));
}

TEST(SearchPlan, RandomDrawsStayInTheirRangesAndFollowTheSampleSeed) {
  TempDir dir;
  const std::string file = search_file(dir,
                                       "strategy: random\ntrials: 40\nsample_seed: 3\n"
                                       "space:\n"
                                       "  train.lr: {log_range: [0.0001, 0.01]}\n"
                                       "  train.patience: {range: [2, 5]}\n"
                                       "  model.pooling: [cls, mean]\n");
  const std::vector<Candidate> candidates = search_candidates(read_search_plan(file));
  ASSERT_EQ(candidates.size(), 40u);
  int below_a_tenth_of_the_range = 0;
  for (const Candidate& candidate : candidates) {
    const double lr = std::stod(candidate.overrides[0].substr(9));
    EXPECT_GE(lr, 0.0001);
    EXPECT_LE(lr, 0.01);
    if (lr < 0.0001 + 0.1 * (0.01 - 0.0001)) ++below_a_tenth_of_the_range;
    const int patience = std::stoi(candidate.overrides[1].substr(15));
    EXPECT_GE(patience, 2);
    EXPECT_LE(patience, 5);
  }
  // Log-uniform: about half the draws lie below 0.001, far more than a tenth.
  EXPECT_GT(below_a_tenth_of_the_range, 10);
  EXPECT_EQ(search_candidates(read_search_plan(file))[7].overrides, candidates[7].overrides);
}

TEST(SearchPlan, MistakesNameTheFileLineAndKey) {
  TempDir dir;
  EXPECT_THAT(error_of([&] { read_search_plan(search_file(dir, "space:\n  train.lr: {range: [0.1, 0.2]}\n")); }),
              HasSubstr("space.train.lr: a range has no grid: give choices, or strategy: random"));
  EXPECT_THAT(error_of([&] { read_search_plan(search_file(dir, "folds: 1\nspace: {train.lr: [1]}\n")); }),
              HasSubstr("folds: expected 2 or more folds"));
  EXPECT_THAT(error_of([&] { read_search_plan(search_file(dir, "recipes: {a: {}}\n")); }),
              HasSubstr("nothing to choose between"));
  EXPECT_THAT(error_of([&] { read_search_plan(search_file(dir, "spaces: {}\n")); }), HasSubstr("spaces"));
  EXPECT_THAT(error_of([&] { read_search_plan(search_file(dir, "score: best\nspace: {train.lr: [1]}\n")); }),
              HasSubstr("score: expected last_epoch or best_epoch"));
}

TEST(SearchPlan, TheChosenExperimentIsTheBaseWithTheCandidatesKeys) {
  TempDir dir;
  const SearchPlan plan = read_search_plan(search_file(
      dir, "set: {train.epochs: 3}\nrecipes:\n  vit: {}\n  fcn: {model: {type: fcn, channels: [8], kernel_sizes: [3]}}\n"));
  const std::vector<Candidate> candidates = search_candidates(plan);
  const std::string chosen = dir.write("chosen.yaml", chosen_experiment_yaml(plan, candidates[1]));
  const LoadedConfig config = load_config(chosen);
  EXPECT_EQ(config.node().child("train").child("epochs").as<int>(), 3);
  EXPECT_EQ(config.node().child("model").child("type").as<std::string>(), "fcn");
  // The FCN replaces the ViT's model section instead of merging into it.
  EXPECT_FALSE(config.node().child("model").has("embedder"));
  EXPECT_EQ(config.node().child("data").child("path").as<std::string>(), dir.file("toy.h5"));
}

// A finished fold run as the leaderboard reads it: result.json's best epoch
// and metrics.csv's validation accuracy and loss per epoch.
void write_fold_run(const std::string& directory, int64_t best_epoch,
                    const std::vector<std::pair<double, double>>& accuracy_and_loss) {
  std::filesystem::create_directories(directory);
  write_text_atomically(directory + "/result.json", "{\"best_epoch\": " + std::to_string(best_epoch) + "}\n");
  std::string metrics = "epoch,lr,train_loss,val_loss,val_accuracy,raw_val_loss\n";
  for (size_t i = 0; i < accuracy_and_loss.size(); ++i)
    metrics += std::to_string(i + 1) + ",0.001,0.5," + std::to_string(accuracy_and_loss[i].second) + "," +
               std::to_string(accuracy_and_loss[i].first) + ",\n";
  write_text_atomically(directory + "/metrics.csv", metrics);
}

TEST(Leaderboard, ScoresTheLastEpochUnlessToldAndBreaksTiesOnValidationLoss) {
  TempDir dir;
  SearchPlan plan = read_search_plan(search_file(dir, "folds: 2\nspace:\n  train.lr: [0.1, 0.2, 0.3]\n"));
  const std::vector<Candidate> candidates = search_candidates(plan);
  for (int64_t fold = 0; fold < 2; ++fold) {
    // c01 peaks at epoch 2 and ends low; c02 and c03 end alike, c03 surer.
    write_fold_run(fold_run_directory(plan, 0, candidates[0], fold, 0), 2, {{0.6, 0.9}, {1.0, 0.2}, {0.5, 1.1}});
    write_fold_run(fold_run_directory(plan, 0, candidates[1], fold, 0), 3, {{0.6, 0.9}, {0.7, 0.7}, {0.8, 0.6}});
    write_fold_run(fold_run_directory(plan, 0, candidates[2], fold, 0), 3, {{0.6, 0.9}, {0.7, 0.5}, {0.8, 0.4}});
  }
  std::vector<LeaderboardRow> rows = read_leaderboard(plan, 0, candidates);
  EXPECT_EQ(rows[0].candidate.label, "c03");
  EXPECT_EQ(rows[1].candidate.label, "c02");
  EXPECT_DOUBLE_EQ(rows[0].mean, 0.8);
  EXPECT_NEAR(rows[0].mean_loss, 0.4, 1e-9);
  plan.score = FoldScore::best_epoch;
  rows = read_leaderboard(plan, 0, candidates);
  EXPECT_EQ(rows[0].candidate.label, "c01");
  EXPECT_DOUBLE_EQ(rows[0].mean, 1.0);
}

TEST(Search, ScoresOnValidationFoldsWithoutReadingTheTestSplitThenTestsTheWinnerOnce) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 30, 9);
  poison_test_split(dir.file("toy.h5"));
  SearchRequest request;
  request.file = search_file(dir,
                             "folds: 3\n"
                             "set: {train.epochs: 2, train.warmup_epochs: 0}\n"
                             "space:\n  train.lr: [0.0001, 0.005]\n");
  request.runs.threads = 1;
  std::ostringstream out;
  // Every fold run and the leaderboard finish; the first read of the test
  // split is the chosen candidate's one test, which fails on the poison.
  const std::string error = error_of([&] { run_search(request, out); });
  EXPECT_THAT(error, HasSubstr("/test/x"));
  EXPECT_THAT(error, HasSubstr("NaN"));
  for (const char* file : {"leaderboard.md", "leaderboard.csv", "chosen.yaml", "folds.yaml"})
    EXPECT_TRUE(std::filesystem::exists(dir.file("out/") + file)) << file;
  const std::string leaderboard = read_text(dir.file("out/leaderboard.md"));
  EXPECT_THAT(leaderboard, HasSubstr("**The test split was not read during the search**"));
  EXPECT_THAT(leaderboard, HasSubstr("| 1 | c0"));
  EXPECT_THAT(out.str(), HasSubstr("cross-validation fold 2 of 3: the test split is not read"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/folds/runs/fold2/c02/seed0/result.json")));
}

TEST(Search, ARerunSkipsFinishedFoldRunsAndGivesTheSameLeaderboard) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 30, 9);
  SearchRequest request;
  request.file = search_file(dir,
                             "folds: 2\n"
                             "set: {train.epochs: 2, train.warmup_epochs: 0}\n"
                             "space:\n  train.lr: [0.0001, 0.005]\n");
  request.runs.threads = 1;
  std::ostringstream first, second;
  const SearchOutcome outcome = run_search(request, first);
  ASSERT_TRUE(outcome.complete);
  ASSERT_TRUE(outcome.test_accuracy);
  const std::string leaderboard = read_text(dir.file("out/leaderboard.md"));
  const SearchOutcome again = run_search(request, second);
  EXPECT_EQ(read_text(dir.file("out/leaderboard.md")), leaderboard);
  EXPECT_EQ(again.chosen, outcome.chosen);
  EXPECT_EQ(*again.test_accuracy, *outcome.test_accuracy);
  EXPECT_THAT(second.str(), ::testing::Not(HasSubstr("train loss")));
}

TEST(Search, SuccessiveHalvingKeepsTheBestOfAPlantedSpace) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 30, 9);
  SearchRequest request;
  // One learning rate that learns the toy classes in a few epochs among
  // five too small to move the weights: only it can rank first.
  request.file = search_file(dir,
                             "folds: 2\n"
                             "set: {train.warmup_epochs: 0}\n"
                             "halving: {epochs: [2, 4], keep: 0.4}\n"
                             "space:\n  train.lr: [1.0e-9, 2.0e-9, 0.01, 3.0e-9, 4.0e-9, 5.0e-9]\n");
  request.runs.threads = 1;
  std::ostringstream out;
  const SearchOutcome outcome = run_search(request, out);
  ASSERT_TRUE(outcome.complete);
  EXPECT_EQ(outcome.chosen, "c03");
  // Rung 1 trains ceil(0.4 * 6) = 3 survivors, c03 among them, for 4 epochs.
  const std::string leaderboard = read_text(dir.file("out/leaderboard.md"));
  EXPECT_THAT(leaderboard, HasSubstr("## Rung 1: 4 epochs, 3 candidates"));
  EXPECT_THAT(leaderboard, HasSubstr("## Rung 0: 2 epochs, 6 candidates"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/rung1/runs/fold0/c03/seed0/result.json")));
  const auto trained_in_rung_1 = std::distance(std::filesystem::directory_iterator(dir.file("out/rung1/runs/fold0")),
                                               std::filesystem::directory_iterator());
  EXPECT_EQ(trained_in_rung_1, 3);
  EXPECT_THAT(read_text(dir.file("out/chosen.yaml")), HasSubstr("lr: 0.01"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/plots/score_by_train_lr.png")));
}

TEST(Search, TwoShardsGiveTheLeaderboardOfOneProcess) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 30, 9);
  const std::string body = "folds: 2\nseeds: 2\nset: {train.epochs: 2, train.warmup_epochs: 0}\n"
                           "space:\n  train.lr: [0.0001, 0.005]\n";
  SearchRequest whole;
  whole.file = search_file(dir, body);
  whole.runs.threads = 1;
  std::ostringstream out;
  ASSERT_TRUE(run_search(whole, out).complete);
  const std::string unsharded = read_text(dir.file("out/leaderboard.csv"));

  // The same search in another output, trained as two shards (two machines).
  dir.write("sharded.yaml", "experiment: toy.yaml\noutput: " + dir.file("sharded") + "\n" + body);
  SearchRequest shard;
  shard.file = dir.file("sharded.yaml");
  shard.runs.threads = 1;
  shard.runs.shard = "1/2";
  EXPECT_FALSE(run_search(shard, out).complete);
  EXPECT_FALSE(std::filesystem::exists(dir.file("sharded/leaderboard.csv")));
  shard.runs.shard = "2/2";
  EXPECT_TRUE(run_search(shard, out).complete);
  EXPECT_EQ(read_text(dir.file("sharded/leaderboard.csv")), unsharded);
}

}  // namespace
}  // namespace sigvit
