// `sigvit compare` with models whose recipe a search chooses per data set
// (`search:`) and models declared chosen on test (`chosen_on_test: true`).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "../error_of.h"
#include "../train/train_test_support.h"
#include "compare/compare_runner.h"
#include "compare/report/compare_plan.h"
#include "search/compare_searches.h"

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::HasSubstr;
using ::testing::Not;
using sigvit::testing::error_of;

// Two data sets (the toy file under two validation draws), a fixed model, a
// model whose learning rate is searched among one that learns and one too
// small to move the weights, and one declared chosen on test.
std::string comparison_file(const TempDir& dir) {
  dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
  return dir.write("compare.yaml",
                   "name: searched\n"
                   "output: " + dir.file("out") + "\n"
                   "seeds: 1\n"
                   "experiment: toy.yaml\n"
                   "set: {train.epochs: 3, train.warmup_epochs: 0}\n"
                   "datasets:\n"
                   "  - label: first\n"
                   "  - {label: second, set: {data.val_seed: 1}}\n"
                   "models:\n"
                   "  - label: fixed\n"
                   "  - label: searched\n"
                   "    search:\n"
                   "      folds: 2\n"
                   "      space: {train.lr: [1.0e-9, 0.01]}\n"
                   "  - label: on-test\n"
                   "    chosen_on_test: true\n");
}

CompareRequest request_for(const std::string& file) {
  CompareRequest request;
  request.file = file;
  request.threads = 1;
  request.choose_recipes = choose_searched_recipes;
  return request;
}

TEST(CompareSearchPlan, ModelsCarryHowTheirRecipeIsChosen) {
  TempDir dir;
  const ComparePlan plan = read_compare_plan(comparison_file(dir));
  EXPECT_EQ(selection_of(plan, "fixed"), RecipeSelection::fixed);
  EXPECT_EQ(selection_of(plan, "searched"), RecipeSelection::on_validation_folds);
  EXPECT_EQ(selection_of(plan, "on-test"), RecipeSelection::on_test);
  EXPECT_EQ(ranked_models(plan), (std::vector<std::string>{"fixed", "searched"}));
}

TEST(CompareSearchPlan, MistakesNameTheFileLineAndKey) {
  TempDir dir;
  dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
  const auto plan_with = [&](const std::string& model) {
    return dir.write("bad.yaml", "experiment: toy.yaml\ndatasets: [{label: a}]\nmodels:\n  - label: b\n" + model);
  };
  EXPECT_THAT(error_of([&] { read_compare_plan(plan_with("    search: [1]\n")); }),
              HasSubstr("bad.yaml:5: models[0].search: expected a mapping"));
  EXPECT_THAT(error_of([&] { read_compare_plan(plan_with("    search: {space: {train.lr: [1]}}\n    chosen_on_test: true\n")); }),
              HasSubstr("chosen_on_test: a model with search: is chosen on validation folds, not on test"));
  EXPECT_THAT(error_of([&] { read_compare_plan(plan_with("    search: {space: {train.lr: [1]}}\n    pretrain: true\n")); }),
              HasSubstr("cannot pretrain"));
  const auto datasets_with = [&](const std::string& dataset) {
    return dir.write("bad.yaml", "experiment: toy.yaml\ndatasets:\n  - " + dataset + "\nmodels: [{label: b}]\n");
  };
  EXPECT_THAT(error_of([&] { read_compare_plan(datasets_with("{label: a, outer_folds: 1}")); }),
              HasSubstr("bad.yaml:3: datasets[0].outer_folds: expected 2 or more folds"));
  EXPECT_THAT(error_of([&] { read_compare_plan(datasets_with("{label: a, outer_seed: 1}")); }),
              HasSubstr("datasets[0].outer_seed: outer_seed needs outer_folds"));
  // The search's own keys are checked when it runs, as a search file's are.
  CompareRequest request = request_for(plan_with("    search: {folds: 1, space: {train.lr: [1]}}\n"));
  std::ostringstream out;
  EXPECT_THAT(error_of([&] { run_comparison(request, out); }), HasSubstr("folds: expected 2 or more folds"));
  request.choose_recipes = nullptr;
  EXPECT_THAT(error_of([&] { run_comparison(request, out); }),
              HasSubstr("model 'b' has search:, which only sigvit compare can run"));
}

// Data sets of different lengths need different patches, and each recipe
// spells its embedder's own: a cell with `recipe:` sets one recipe on one data
// set, after the recipe's own overrides.
TEST(CompareSearchPlan, ACellWithARecipeSetsThatRecipeOnItsDataSetOnly) {
  TempDir dir;
  dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
  const std::string file = dir.write("compare.yaml",
                                     "experiment: toy.yaml\n"
                                     "seeds: 1\n"
                                     "datasets: [{label: short}, {label: long}]\n"
                                     "models:\n"
                                     "  - label: searched\n"
                                     "    search:\n"
                                     "      recipes:\n"
                                     "        small: {train.lr: 1.0e-9}\n"
                                     "        large: {train.lr: 0.01}\n"
                                     "cells:\n"
                                     "  - {dataset: long, model: searched, recipe: large, set: {train.batch_size: 4}}\n");
  const ComparePlan plan = read_compare_plan(file);
  ASSERT_EQ(plan.runs.size(), 2u);
  const PlannedRun& short_run = plan.runs[0];
  const PlannedRun& long_run = plan.runs[1];
  ASSERT_EQ(long_run.dataset, "long");
  EXPECT_TRUE(short_run.recipe_overrides.empty());
  ASSERT_EQ(long_run.recipe_overrides.count("large"), 1u);
  ASSERT_EQ(long_run.recipe_overrides.at("large").size(), 1u);
  EXPECT_EQ(long_run.recipe_overrides.at("large")[0].assignment, "train.batch_size=4");
  EXPECT_THAT(long_run.recipe_overrides.at("large")[0].origin, HasSubstr("compare.yaml:11"));
  for (const PlannedOverride& item : long_run.overrides) EXPECT_NE(item.assignment, "train.batch_size=4");

  const auto candidates_of = [&](const PlannedRun& run) { return search_candidates(search_for_run(plan, run)); };
  const std::vector<Candidate> on_long = candidates_of(long_run);
  ASSERT_EQ(on_long.size(), 2u);
  EXPECT_EQ(on_long[0].overrides, (std::vector<std::string>{"train.lr=1.0e-9"}));
  EXPECT_EQ(on_long[1].overrides, (std::vector<std::string>{"train.lr=0.01", "train.batch_size=4"}));
  const std::vector<Candidate> on_short = candidates_of(short_run);
  ASSERT_EQ(on_short.size(), 2u);
  EXPECT_EQ(on_short[1].overrides, (std::vector<std::string>{"train.lr=0.01"}));

  SearchBase stray;
  stray.recipe_set["larger"] = {"train.batch_size=4"};
  EXPECT_THAT(error_of([&] { read_model_search(file, 0, stray); }),
              HasSubstr("overrides for 'larger' (did you mean 'large'?); this search's recipes are: small, large"));
}

TEST(CompareSearchPlan, ACellsRecipeMustBeOneOfItsModelsSearch) {
  TempDir dir;
  dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
  const auto plan_with = [&](const std::string& cell) {
    return dir.write("bad.yaml",
                     "experiment: toy.yaml\n"
                     "datasets: [{label: a}]\n"
                     "models:\n"
                     "  - label: fixed\n"
                     "  - label: searched\n"
                     "    search: {recipes: {small: {train.lr: 1.0e-9}, large: {train.lr: 0.01}}}\n"
                     "cells:\n"
                     "  - " + cell + "\n");
  };
  EXPECT_THAT(error_of([&] { read_compare_plan(plan_with("{dataset: a, model: searched, recipe: larg, set: {x: 1}}")); }),
              HasSubstr("bad.yaml:8: cells[0].recipe: model 'searched' has no recipe named 'larg' (did you mean "
                        "'large'?); its recipes are: small, large"));
  EXPECT_THAT(error_of([&] { read_compare_plan(plan_with("{dataset: a, model: fixed, recipe: large, set: {x: 1}}")); }),
              HasSubstr("cells[0].recipe: model 'fixed' has no search with recipes"));
}

TEST(CompareSearch, EachDataSetsSearchChoosesOnFoldsAndTheReportMarksHowRecipesWereChosen) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 30, 9);
  const std::string file = comparison_file(dir);
  std::ostringstream listing;
  CompareRequest list = request_for(file);
  list.list = true;
  run_comparison(list, listing);
  EXPECT_THAT(listing.str(), HasSubstr("first\tsearched\tseed 0\twaiting for its recipe search in " + dir.file("out") +
                                       "/search/first/searched"));

  std::ostringstream out;
  const CompareOutcome outcome = run_comparison(request_for(file), out);
  EXPECT_EQ(outcome.finished, 6u);
  EXPECT_EQ(outcome.waiting, 0u);
  for (const char* dataset : {"first", "second"}) {
    const std::string search = dir.file("out/search/") + dataset + "/searched";
    EXPECT_TRUE(std::filesystem::exists(search + "/leaderboard.md")) << dataset;
    EXPECT_TRUE(std::filesystem::exists(search + "/folds/runs/fold1/c02/seed0/result.json")) << dataset;
    // The one learning rate that learns is chosen and trained with each seed.
    EXPECT_THAT(read_text(dir.file("out/runs/") + dataset + "/searched/seed0/config.yaml"), HasSubstr("lr: 0.01"));
  }
  const std::string report = read_text(dir.file("out/report.md"));
  EXPECT_THAT(report, HasSubstr("| searched † | 0 |"));
  EXPECT_THAT(report, HasSubstr("- searched: c02, validation accuracy"));
  EXPECT_THAT(report, HasSubstr("‡ Recipes chosen by their test accuracy"));
  EXPECT_THAT(report, HasSubstr("| on-test ‡ | 0 |"));
  const std::string ranks = report.substr(report.find("## Across data sets"));
  EXPECT_THAT(ranks, HasSubstr("| fixed |"));
  EXPECT_THAT(ranks, Not(HasSubstr("on-test")));
  EXPECT_THAT(read_text(dir.file("out/results.csv")), HasSubstr("/searched/seed0,validation_folds\n"));
  EXPECT_THAT(read_text(dir.file("out/results.csv")), HasSubstr("/on-test/seed0,test\n"));

  // A rerun trains nothing and reports the same choices.
  std::ostringstream again;
  run_comparison(request_for(file), again);
  EXPECT_THAT(again.str(), Not(HasSubstr("train loss")));
  EXPECT_EQ(read_text(dir.file("out/report.md")), report);
}

TEST(CompareSearch, TheSearchesReadNoTestCase) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 30, 9);
  poison_test_split(dir.file("toy.h5"));
  std::ostringstream out;
  const std::string error = error_of([&] { run_comparison(request_for(comparison_file(dir)), out); });
  // Both searches finished before the first run of the comparison tested.
  EXPECT_THAT(error, HasSubstr("NaN"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/search/first/searched/leaderboard.md")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/search/second/searched/leaderboard.md")));
}

TEST(CompareSearch, OuterFoldsGiveANestedEstimateWithTheSearchesInsideEachFold) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 30, 9);
  poison_test_split(dir.file("toy.h5"));  // the nested protocol tests on folds of the training split
  dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
  const std::string file = dir.write("nested.yaml",
                                     "output: " + dir.file("out") + "\n"
                                     "seeds: 1\n"
                                     "experiment: toy.yaml\n"
                                     "set: {train.epochs: 3, train.warmup_epochs: 0, data.val_fraction: 0}\n"
                                     "datasets:\n"
                                     "  - {label: first, outer_folds: 2}\n"
                                     "  - {label: second, outer_folds: 2, outer_seed: 1}\n"
                                     "models:\n"
                                     "  - label: fixed\n"
                                     "  - label: searched\n"
                                     "    search: {folds: 2, space: {train.lr: [1.0e-9, 0.01]}}\n");
  const ComparePlan plan = read_compare_plan(file);
  EXPECT_EQ(plan.datasets, (std::vector<std::string>{"first-outer0", "first-outer1", "second-outer0", "second-outer1"}));
  std::ostringstream out;
  const CompareOutcome outcome = run_comparison(request_for(file), out);
  EXPECT_EQ(outcome.finished, 8u);
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/search/first-outer1/searched/folds/runs/fold1/c02/seed0/result.json")));
  const std::string report = read_text(dir.file("out/report.md"));
  EXPECT_THAT(report, HasSubstr("## first: nested cross-validation"));
  EXPECT_THAT(report, HasSubstr("## second: nested cross-validation"));
  // Ranked over the two data sets, not over their four folds.
  EXPECT_THAT(report, HasSubstr("on 2 data sets (first, second"));
  EXPECT_THAT(read_text(dir.file("out/runs/first-outer1/fixed/seed0/result.json")),
              HasSubstr("\"test_split\": \"train, outer fold 1 of 2\""));
}

}  // namespace
}  // namespace sigvit
