// The report's statistics drawn from model outcomes: pairs on shared seeds,
// ranks across data sets, and the critical-difference diagram's drawing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../train/train_test_support.h"
#include "compare/report/comparison_statistics.h"
#include "compare/report/critical_difference_plot.h"

namespace sigvit {
namespace {

using namespace train_testing;

ModelOutcome outcome(const std::string& dataset, const std::string& model, std::vector<uint64_t> seeds,
                     std::vector<double> accuracies) {
  ModelOutcome row;
  row.dataset = dataset;
  row.model = model;
  row.tested = true;
  row.seeds = seeds;
  row.tested_seeds = seeds;
  row.accuracies = accuracies;
  row.accuracy = mean_std(accuracies);
  return row;
}

TEST(ComparisonStatistics, PairsUseOnlyTheSeedsBothModelsFinished) {
  const std::vector<ModelOutcome> outcomes{outcome("A", "ViT", {0, 1, 2, 3}, {0.90, 0.80, 0.70, 0.60}),
                                           outcome("A", "FCN", {1, 2, 3, 4}, {0.85, 0.60, 0.70, 0.99}),
                                           outcome("B", "FCN", {0, 1}, {0.5, 0.5})};
  const std::vector<PairedModels> pairs = pair_models(outcomes, "A");
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].first, "ViT");
  EXPECT_EQ(pairs[0].second, "FCN");
  EXPECT_EQ(pairs[0].seeds, (std::vector<uint64_t>{1, 2, 3}));
  // Seed by seed: -0.05, +0.10, -0.10.
  EXPECT_NEAR(pairs[0].comparison.difference.mean, -0.05 / 3, 1e-12);
  EXPECT_EQ(pairs[0].comparison.wilcoxon.n, 3u);
  EXPECT_FALSE(pairs[0].comparison.wilcoxon.enough_pairs);
}

TEST(ComparisonStatistics, RanksCountOnlyDataSetsEveryModelWasTestedOn) {
  std::vector<ModelOutcome> outcomes;
  // ViT wins on D1, FCN on D2 and D3; D4 lacks ResNet and does not count.
  const std::vector<std::vector<double>> table{{0.9, 0.8, 0.7}, {0.7, 0.9, 0.8}, {0.6, 0.9, 0.8}};
  const std::vector<std::string> models{"ViT", "FCN", "ResNet"};
  for (size_t d = 0; d < table.size(); ++d) {
    for (size_t m = 0; m < models.size(); ++m) {
      outcomes.push_back(outcome("D" + std::to_string(d + 1), models[m], {0}, {table[d][m]}));
    }
  }
  outcomes.push_back(outcome("D4", "ViT", {0}, {0.1}));
  outcomes.push_back(outcome("D4", "FCN", {0}, {0.2}));
  const auto ranking = rank_models(outcomes, {"D1", "D2", "D3", "D4"}, models);
  ASSERT_TRUE(ranking);
  EXPECT_EQ(ranking->datasets, (std::vector<std::string>{"D1", "D2", "D3"}));
  // Ranks: ViT 1, 3, 3 -> 7/3; FCN 2, 1, 1 -> 4/3; ResNet 3, 2, 2 -> 7/3.
  EXPECT_EQ(ranking->diagram.models.front(), "FCN");
  EXPECT_NEAR(ranking->diagram.average_ranks.front(), 4.0 / 3, 1e-12);
  EXPECT_EQ(ranking->diagram.method, stats::CdMethod::nemenyi);  // fewer than 5 data sets
  // chi^2 = 12 N / (k (k + 1)) sum (R_j - (k + 1) / 2)^2 = 12 * 3 / 12 * (1/9 + 4/9 + 1/9) = 2
  EXPECT_NEAR(ranking->friedman.chi_square, 2.0, 1e-12);
  EXPECT_FALSE(rank_models(outcomes, {"D4"}, models));
  EXPECT_FALSE(rank_models(outcomes, {"D1", "D2"}, {"ViT"}));
}

TEST(ComparisonStatistics, TheCriticalDifferenceDiagramRenders) {
  if (std::system("command -v gnuplot > /dev/null 2>&1") != 0) GTEST_SKIP() << "gnuplot is not installed";
  stats::CriticalDifferenceDiagram diagram;
  diagram.datasets = 6;
  diagram.models = {"FCN", "ResNet", "ViT", "Hybrid"};
  diagram.average_ranks = {1.5, 2.0, 3.1, 3.4};
  diagram.cliques = {{0, 1}, {1, 3}};
  diagram.critical_difference = 1.915;
  TempDir dir;
  std::ofstream(dir.file("cd.gp")) << critical_difference_script(diagram, "cd.png");
  const std::string command = "cd " + dir.file("") + " && gnuplot cd.gp 2> cd.log";
  ASSERT_EQ(std::system(command.c_str()), 0) << read_text(dir.file("cd.log"));
  EXPECT_GT(std::filesystem::file_size(dir.file("cd.png")), 1000u);
  const std::string script = read_text(dir.file("cd.gp"));
  EXPECT_THAT(script, ::testing::HasSubstr("'FCN (1.50)'"));
  EXPECT_THAT(script, ::testing::HasSubstr("'CD 1.915'"));
}

}  // namespace
}  // namespace sigvit
