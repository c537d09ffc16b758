// A comparison file expanded into runs: the matrix, the order overrides
// apply in, model files, and the errors a wrong file gets.

#include <gtest/gtest.h>

#include <algorithm>

#include "../error_of.h"
#include "../train/train_test_support.h"
#include "compare/report/compare_plan.h"
#include "compare/report/comparison_summary.h"
#include "experiment/experiment_options.h"

namespace sigvit {
namespace {

using namespace train_testing;
using sigvit::testing::error_of;

// A folder with an experiment, a model file and a comparison of 2 data sets
// x 2 models x 3 seeds.
struct Matrix {
  TempDir dir;
  std::string file;

  Matrix() {
    dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("runs/toy")));
    dir.write("fcn.yaml", "model: {type: fcn, input_shape: [1, 99], num_classes: 7, channels: [4, 4, 4], "
                          "kernel_sizes: [3, 3, 3]}\n");
    file = write(
        "name: grid\n"
        "output: " + dir.file("out") + "\n"
        "seeds: [0, 1, 2]\n"
        "experiment: toy.yaml\n"
        "set: {train.epochs: 2, train.lr: 0.01}\n"
        "datasets:\n"
        "  - label: A\n"
        "    set: {train.epochs: 4}\n"
        "  - label: B\n"
        "    set: {data.path: other.h5}\n"
        "models:\n"
        "  - label: ViT\n"
        "    set: {train.epochs: 5}\n"
        "  - label: FCN\n"
        "    model_config: fcn.yaml\n"
        "cells:\n"
        "  - {dataset: B, model: FCN, set: {train.lr: 0.5}}\n");
  }

  std::string write(const std::string& text) const { return dir.write("compare.yaml", text); }
};

const PlannedRun& find(const ComparePlan& plan, const std::string& dataset, const std::string& model,
                       uint64_t seed) {
  const auto found = std::find_if(plan.runs.begin(), plan.runs.end(), [&](const PlannedRun& run) {
    return run.dataset == dataset && run.model == model && run.seed == seed;
  });
  if (found == plan.runs.end()) throw std::runtime_error("no run " + dataset + "/" + model);
  return *found;
}

TEST(ComparePlan, ExpandsDataSetsTimesModelsTimesSeedsInOrder) {
  Matrix matrix;
  const ComparePlan plan = read_compare_plan(matrix.file);
  EXPECT_EQ(plan.name, "grid");
  EXPECT_EQ(plan.datasets, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(plan.models, (std::vector<std::string>{"ViT", "FCN"}));
  ASSERT_EQ(plan.runs.size(), 12u);
  std::vector<std::string> order;
  for (const PlannedRun& run : plan.runs) order.push_back(run.label());
  EXPECT_EQ(order[0], "A / ViT / seed 0");
  EXPECT_EQ(order[2], "A / ViT / seed 2");
  EXPECT_EQ(order[3], "A / FCN / seed 0");
  EXPECT_EQ(order[11], "B / FCN / seed 2");
  EXPECT_EQ(plan.runs[4].directory, matrix.dir.file("out") + "/runs/A/FCN/seed1");
}

TEST(ComparePlan, LaterLevelsOverrideEarlierOnesAndCellsOnlyTheirPair) {
  Matrix matrix;
  const ComparePlan plan = read_compare_plan(matrix.file, {"data.batch_size=4"});
  const auto value = [&](const std::string& dataset, const std::string& model, const std::string& section,
                         const std::string& key) {
    return compose_run_config(find(plan, dataset, model, 1)).root[section][key].as<std::string>();
  };
  EXPECT_EQ(value("A", "FCN", "train", "epochs"), "4");  // the data set's over the comparison's
  EXPECT_EQ(value("A", "ViT", "train", "epochs"), "5");  // the model's over the data set's
  EXPECT_EQ(value("B", "FCN", "train", "epochs"), "2");
  EXPECT_EQ(value("B", "FCN", "train", "lr"), "0.5");    // the cell
  EXPECT_EQ(value("B", "ViT", "train", "lr"), "0.01");
  EXPECT_EQ(value("A", "FCN", "train", "lr"), "0.01");
  EXPECT_EQ(value("B", "ViT", "data", "path"), "other.h5");
  EXPECT_EQ(value("A", "ViT", "data", "batch_size"), "4");  // the command line's, last
}

TEST(ComparePlan, RunConfigsCarryTheirSeedNameAndDirectory) {
  Matrix matrix;
  const ComparePlan plan = read_compare_plan(matrix.file);
  const PlannedRun& run = find(plan, "B", "ViT", 2);
  const LoadedConfig config = compose_run_config(run);
  EXPECT_EQ(config.root["seed"].as<int>(), 2);
  EXPECT_EQ(config.root["name"].as<std::string>(), "B-ViT-seed2");
  EXPECT_EQ(config.root["output"].as<std::string>(), run.directory);
}

TEST(ComparePlan, AModelFileReplacesTheModelSectionButNotTheDataShape) {
  Matrix matrix;
  const LoadedConfig config = compose_run_config(find(read_compare_plan(matrix.file), "A", "FCN", 0));
  const YAML::Node model = config.root["model"];
  EXPECT_EQ(model["type"].as<std::string>(), "fcn");
  EXPECT_FALSE(model["embedder"]) << "the experiment's ViT keys must not leak into the FCN";
  EXPECT_FALSE(model["input_shape"]);
  EXPECT_FALSE(model["num_classes"]);
  EXPECT_EQ(config.root["data"]["batch_size"].as<int>(), 8);  // the experiment's other sections stay
}

TEST(ComparePlan, SeedsDefaultToFiveAndACountMeansZeroToNMinusOne) {
  Matrix matrix;
  const std::string base = "experiment: toy.yaml\ndatasets: [{label: A}]\nmodels: [{label: V}]\n";
  EXPECT_EQ(read_compare_plan(matrix.write(base)).seeds, (std::vector<uint64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(read_compare_plan(matrix.write(base + "seeds: 3\n")).seeds, (std::vector<uint64_t>{0, 1, 2}));
  EXPECT_EQ(read_compare_plan(matrix.write(base + "seeds: [7, 2]\n")).seeds, (std::vector<uint64_t>{7, 2}));
  EXPECT_THAT(error_of([&] { read_compare_plan(matrix.write(base + "seeds: 0\n")); }),
              ::testing::HasSubstr("seeds: expected a count >= 1 or a list of seeds"));
}

TEST(ComparePlan, TheListFormRunsEachPairWithItsOwnFiles) {
  Matrix matrix;
  const std::string file = matrix.write(
      "seeds: [3]\n"
      "runs:\n"
      "  - {dataset: A, model: ViT, experiment: toy.yaml}\n"
      "  - {dataset: A, model: FCN, experiment: toy.yaml, model_config: fcn.yaml, set: {train.epochs: 9}}\n");
  const ComparePlan plan = read_compare_plan(file);
  EXPECT_EQ(plan.name, "compare");  // the file's stem
  EXPECT_EQ(plan.output, "runs/compare/compare");
  ASSERT_EQ(plan.runs.size(), 2u);
  EXPECT_EQ(plan.runs[1].label(), "A / FCN / seed 3");
  EXPECT_EQ(compose_run_config(plan.runs[1]).root["train"]["epochs"].as<int>(), 9);
  EXPECT_EQ(compose_run_config(plan.runs[0]).root["train"]["epochs"].as<int>(), 3);
}

TEST(ComparePlan, MistakesAreNamedWithFileLineAndKey) {
  Matrix matrix;
  const std::string base = "experiment: toy.yaml\ndatasets: [{label: A}]\n";
  EXPECT_THAT(error_of([&] { read_compare_plan(matrix.write(base + "modles: [{label: ViT}]\n")); }),
              ::testing::HasSubstr("compare.yaml:3: modles: unknown key 'modles' (did you mean 'models'?)"));
  EXPECT_THAT(error_of([&] { read_compare_plan(matrix.write(base + "models: [{label: V}, {label: V}]\n")); }),
              ::testing::HasSubstr("label 'V' is used twice"));
  EXPECT_THAT(error_of([&] { read_compare_plan(matrix.write(base + "models: [{label: a/b}]\n")); }),
              ::testing::HasSubstr("compare.yaml:3: models[0].label: expected a label of letters, digits"));
  EXPECT_THAT(error_of([&] {
                read_compare_plan(matrix.write(base + "models: [{label: ViT}]\ncells: [{dataset: A, model: VIT}]\n"));
              }),
              ::testing::HasSubstr("compare.yaml:4: cells[0].model: no model labelled 'VIT' (did you mean 'ViT'?)"));
  EXPECT_THAT(error_of([&] { read_compare_plan(matrix.write("datasets: [{label: A}]\nmodels: [{label: V}]\n")); }),
              ::testing::HasSubstr("data set 'A' has no experiment"));
  EXPECT_THAT(error_of([&] {
                read_compare_plan(matrix.write(base + "models: [{label: F, model_config: missing.yaml}]\n"));
              }),
              ::testing::HasSubstr("models[0].model_config: file '" + matrix.dir.file("missing.yaml") +
                                   "' does not exist"));
  EXPECT_THAT(error_of([&] { read_compare_plan(matrix.write(base)); }),
              ::testing::HasSubstr("expected 'datasets:' and 'models:' (every model on every data set) or 'runs:'"));
  EXPECT_THAT(error_of([&] {
                read_compare_plan(matrix.write(base + "models: [{label: V}]\nruns: [{dataset: A, model: V}]\n"));
              }),
              ::testing::HasSubstr("compare.yaml:4: runs: give either 'runs:' (a list) or 'datasets:'"));
  EXPECT_THAT(error_of([&] {
                read_compare_plan(matrix.write("runs: [{dataset: A, model: V}, {dataset: A, model: V, experiment: toy.yaml}]\n"));
              }),
              ::testing::HasSubstr("compare.yaml:1: runs[0]: no experiment"));
  EXPECT_THAT(error_of([&] {
                read_compare_plan(matrix.write("experiment: toy.yaml\nruns: [{dataset: A, model: V}, {dataset: A, model: V}]\n"));
              }),
              ::testing::HasSubstr("runs[1]: model 'V' on data set 'A' is listed twice"));
  EXPECT_THAT(error_of([&] { read_compare_plan(matrix.write(base + "models: [{label: V}]\nseeds: [1, 1]\n")); }),
              ::testing::HasSubstr("seeds: seed 1 is listed twice"));
  // A wrong key in a run's overrides names the comparison's line.
  const std::string typo = matrix.write(base + "models: [{label: V, set: {train.epoks: 3}}]\n");
  const LoadedConfig config = compose_run_config(read_compare_plan(typo).runs[0]);
  EXPECT_THAT(error_of([&] { parse_experiment_options(config.node()); }),
              ::testing::HasSubstr("compare.yaml:3: models[0].set.train.epoks: train.epoks: unknown key 'epoks' "
                                   "(did you mean 'epochs'?)"));
}

TEST(MeanStd, IsTheMeanAndTheSampleStandardDeviation) {
  const MeanStd three = mean_std({0.90, 0.95, 1.00});
  EXPECT_NEAR(three.mean, 0.95, 1e-12);
  EXPECT_NEAR(three.std, 0.05, 1e-12);  // sqrt((0.0025 + 0 + 0.0025) / 2)
  EXPECT_EQ(three.count, 3);
  const MeanStd one = mean_std({0.7});
  EXPECT_DOUBLE_EQ(one.mean, 0.7);
  EXPECT_EQ(one.std, 0.0);
  EXPECT_EQ(mean_std({}).count, 0);
}

}  // namespace
}  // namespace sigvit
