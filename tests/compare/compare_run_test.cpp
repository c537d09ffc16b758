// `sigvit compare` end to end on a toy data set: the report's contents, and a
// rerun that skips finished runs, resumes unfinished ones and refuses a
// changed protocol.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../train/train_test_support.h"
#include "results/training_state.h"
#include "compare/compare_runner.h"
#include "../error_of.h"

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::HasSubstr;
using sigvit::testing::error_of;

// A tiny ViT and a tiny FCN on one toy data set, 2 seeds, 2 epochs.
struct ToyComparison {
  TempDir dir;
  std::string file;

  ToyComparison() {
    write_toy_dataset(dir.file("toy.h5"), 40, 30);
    dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
    dir.write("fcn.yaml", "model: {type: fcn, channels: [8, 8, 8], kernel_sizes: [3, 3, 3]}\n");
    file = dir.write("compare.yaml",
                     "name: toy\n"
                     "output: " + dir.file("out") + "\n"
                     "seeds: [0, 1]\n"
                     "experiment: toy.yaml\n"
                     "set: {train.epochs: 2, train.warmup_epochs: 0}\n"
                     "datasets: [{label: Toy}]\n"
                     "models: [{label: ViT}, {label: FCN, model_config: fcn.yaml}]\n");
  }

  CompareOutcome run(std::string* printed = nullptr, bool report_only = false) const {
    CompareRequest request;
    request.file = file;
    request.threads = 1;
    request.report_only = report_only;
    std::ostringstream out;
    CompareOutcome outcome = run_comparison(request, out);
    if (printed) *printed = out.str();
    return outcome;
  }

  std::string run_dir(const std::string& model, int seed) const {
    return dir.file("out") + "/runs/Toy/" + model + "/seed" + std::to_string(seed);
  }
  nlohmann::json result(const std::string& model, int seed) const {
    return nlohmann::json::parse(read_text(run_dir(model, seed) + "/result.json"));
  }
};

TEST(CompareRun, TrainsEveryRunAndReportsMeanAndStdPerModel) {
  ToyComparison toy;
  const CompareOutcome outcome = toy.run();
  EXPECT_FALSE(outcome.interrupted);
  EXPECT_EQ(outcome.planned, 4u);
  EXPECT_EQ(outcome.finished, 4u);

  const std::vector<std::string> csv = read_lines(toy.dir.file("out/results.csv"));
  ASSERT_EQ(csv.size(), 5u);
  EXPECT_THAT(csv[0], HasSubstr("dataset,model,seed,test_accuracy,macro_f1,balanced_accuracy,macro_auroc,params"));
  EXPECT_THAT(csv[3], ::testing::StartsWith("Toy,FCN,0,"));

  const auto json = nlohmann::json::parse(read_text(toy.dir.file("out/results.json")));
  ASSERT_EQ(json["summary"].size(), 2u);
  for (const auto& row : json["summary"]) {
    const std::string model = row["model"];
    const double a = toy.result(model, 0)["test_accuracy"], b = toy.result(model, 1)["test_accuracy"];
    EXPECT_NEAR(row["test_accuracy"]["mean"].get<double>(), (a + b) / 2, 1e-9) << model;
    EXPECT_NEAR(row["test_accuracy"]["std"].get<double>(), std::abs(a - b) / std::sqrt(2.0), 1e-9) << model;
    EXPECT_EQ(row["params"], toy.result(model, 0)["params"]);
    int64_t counted = 0;  // two seeds' test cases
    for (const auto& confusion_row : row["confusion_matrix"]) {
      for (const auto& count : confusion_row) counted += count.get<int64_t>();
    }
    EXPECT_EQ(counted, 60) << model;
  }
  EXPECT_NE(json["summary"][0]["params"], json["summary"][1]["params"]);

  const std::string report = read_text(outcome.report);
  EXPECT_THAT(report, HasSubstr("2 seeds (0, 1) = 4 runs, 4 finished"));
  EXPECT_THAT(report, HasSubstr("## Toy"));
  EXPECT_THAT(report, HasSubstr("- epochs: 2\n"));  // the same for both models
  EXPECT_THAT(report, HasSubstr("- splits: train 'train', validation 9 cases held out of 'train' per class"));
  EXPECT_THAT(report, HasSubstr("| model | seeds | test accuracy | 95% CI of the mean | min–max | balanced accuracy | macro-F1 | macro AUROC | params | "
                                "GFLOPs/sample | train time | inference samples/s | batch-1 latency |"));
  EXPECT_THAT(report, ::testing::ContainsRegex(
                          "\\| ViT \\| 0, 1 \\| [0-9.]+ ± [0-9.]+% \\| \\[-?[0-9.]+, [0-9.]+\\] \\| [0-9.]+–[0-9.]+ \\| "
                          "[0-9.]+ ± [0-9.]+% \\| 0\\.[0-9]+ ± [0-9.]+ \\| [01]\\.[0-9]+ ± "));
  EXPECT_THAT(report, ::testing::ContainsRegex("\\| FCN \\| 0, 1 \\| [0-9.]+ ± [0-9.]+% \\|"));
  // Two seeds each: one paired row, too few pairs for a Wilcoxon verdict
  // (the t-interval may still exclude 0).
  EXPECT_THAT(report, ::testing::ContainsRegex("\\| ViT − FCN \\| 2 \\| [-+][0-9.]+ \\| .* \\| (too few pairs|the t-interval "
                                               "excludes 0; 2 pairs are too few for Wilcoxon at 5%) \\|"));
  EXPECT_THAT(report, HasSubstr("![learning curves](plots/Toy_curves.png)"));
  for (const char* plot : {"Toy_curves", "Toy_accuracy_vs_params", "Toy_accuracy_vs_latency", "Toy_ViT_confusion",
                           "Toy_FCN_confusion"}) {
    std::ifstream png(toy.dir.file(std::string("out/plots/") + plot + ".png"), std::ios::binary);
    char magic[4] = {};
    png.read(magic, 4);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG") << plot;
  }
}

TEST(CompareRun, APretrainedModelIsPretrainedOnItsTrainSplitFirstAndPaysForIt) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 40, 30);
  dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
  CompareRequest request;
  request.file = dir.write("compare.yaml",
                           "name: toy\n"
                           "output: " + dir.file("out") + "\n"
                           "seeds: [0]\n"
                           "experiment: toy.yaml\n"
                           "set: {train.epochs: 2, train.warmup_epochs: 0}\n"
                           "datasets: [{label: Toy}]\n"
                           "models: [{label: ViT}, {label: ViT-pretrained, pretrain: {train.epochs: 3}}]\n");
  request.threads = 1;
  std::ostringstream out;
  const CompareOutcome outcome = run_comparison(request, out);
  ASSERT_EQ(outcome.finished, 2u) << out.str();
  const std::string run = dir.file("out") + "/runs/Toy/ViT-pretrained/seed0";
  EXPECT_THAT(out.str(), HasSubstr("masked-patch pretraining first, in " + run + "/pretrain"));
  EXPECT_EQ(read_lines(run + "/pretrain/metrics.csv").size(), 1u + 3u);  // its own epochs
  // Pretraining classifies nothing: its accuracy columns stay empty, where
  // the fine-tuning's hold numbers.
  for (const EpochRecord& epoch : parse_metrics_csv(read_text(run + "/pretrain/metrics.csv"), "pretrain")) {
    EXPECT_FALSE(epoch.train_accuracy.has_value()) << "epoch " << epoch.epoch;
    EXPECT_FALSE(epoch.val_accuracy.has_value()) << "epoch " << epoch.epoch;
  }
  const std::vector<EpochRecord> tuned_history = parse_metrics_csv(read_text(run + "/metrics.csv"), "run");
  ASSERT_FALSE(tuned_history.empty());
  EXPECT_TRUE(tuned_history.back().train_accuracy.has_value());
  EXPECT_THAT(read_text(run + "/config.yaml"), HasSubstr("pretrained: " + run + "/pretrain/last.ckpt"));
  EXPECT_FALSE(std::filesystem::exists(dir.file("out") + "/runs/Toy/ViT/seed0/pretrain"));

  const auto json = nlohmann::json::parse(read_text(dir.file("out/results.json")));
  const auto pretrain = nlohmann::json::parse(read_text(run + "/pretrain/result.json"));
  const auto tuned = nlohmann::json::parse(read_text(run + "/result.json"));
  for (const auto& row : json["runs"]) {
    if (row["model"] != "ViT-pretrained") continue;
    EXPECT_NEAR(row["train_seconds"].get<double>(),
                tuned["train_seconds"].get<double>() + pretrain["train_seconds"].get<double>(), 0.01);
  }
  EXPECT_THAT(read_text(outcome.report),
              HasSubstr("- initial weights: random (ViT); masked-patch pretraining on the train split (sigvit "
                        "pretrain; train.epochs=3), its time counted in the train time (ViT-pretrained)\n"));
}

TEST(CompareRun, ARerunSkipsFinishedRunsAndResumesAnUnfinishedOne) {
  ToyComparison toy;
  toy.run();
  const std::string kept = read_text(toy.run_dir("ViT", 0) + "/metrics.csv");
  const double accuracy = toy.result("FCN", 1)["test_accuracy"];
  // As an interruption after the last checkpoint leaves it: no result.json yet.
  std::filesystem::remove(toy.run_dir("FCN", 1) + "/result.json");
  const std::string partial = read_text(toy.run(nullptr, true).report);
  EXPECT_THAT(partial, HasSubstr("| FCN | 0 |"));
  EXPECT_THAT(partial, HasSubstr("Not finished yet: FCN (seed 1)."));

  std::string printed;
  const CompareOutcome outcome = toy.run(&printed);
  EXPECT_THAT(printed, HasSubstr("4 runs; 3 finished, 1 to resume, 0 to train"));
  EXPECT_THAT(printed, HasSubstr("[4/4] Toy / FCN / seed 1 (resuming)"));
  EXPECT_THAT(printed, ::testing::Not(HasSubstr("[1/4]")));
  EXPECT_EQ(outcome.finished, 4u);
  EXPECT_EQ(read_text(toy.run_dir("ViT", 0) + "/metrics.csv"), kept);
  EXPECT_EQ(toy.result("FCN", 1)["test_accuracy"].get<double>(), accuracy);
  EXPECT_THAT(read_text(outcome.report), ::testing::Not(HasSubstr("Not finished yet")));
}

TEST(CompareRun, AChangedProtocolIsRefusedForARunAlreadyTrained) {
  ToyComparison toy;
  std::filesystem::create_directories(toy.dir.file("out"));
  toy.run();
  std::string text = read_text(toy.file);
  text.replace(text.find("train.epochs: 2"), 15, "train.epochs: 3");
  std::ofstream(toy.file) << text;
  EXPECT_THAT(error_of([&] { toy.run(); }),
              ::testing::AllOf(HasSubstr("run Toy / ViT / seed 0: " + toy.run_dir("ViT", 0) + "/config.yaml differs"),
                               HasSubstr("epochs: 2` there, `  epochs: 3` now"),
                               HasSubstr("delete " + toy.run_dir("ViT", 0))));
}

TEST(CompareRun, ADamagedResultIsNamedWithItsFileAndField) {
  ToyComparison toy;
  toy.run();
  const std::string result = toy.run_dir("FCN", 0) + "/result.json";
  std::ofstream(result) << "{\"params\": 12";
  EXPECT_THAT(error_of([&] { toy.run(nullptr, true); }), HasSubstr(result + ": not valid JSON"));
  std::ofstream(result) << "{\"params\": 12}";
  EXPECT_THAT(error_of([&] { toy.run(nullptr, true); }),
              HasSubstr(result + ": field 'gflops_per_sample' is missing"));
  std::ofstream(result) << "{\"params\": \"many\"}";
  EXPECT_THAT(error_of([&] { toy.run(nullptr, true); }), HasSubstr(result + ": field 'params' has the wrong type"));
}

TEST(CompareRun, ReportOnlyTrainsNothingAndCoversTheFinishedRuns) {
  ToyComparison toy;
  std::string printed;
  const CompareOutcome outcome = toy.run(&printed, true);
  EXPECT_EQ(outcome.finished, 0u);
  EXPECT_FALSE(std::filesystem::exists(toy.run_dir("ViT", 0)));
  EXPECT_THAT(read_text(outcome.report), HasSubstr("4 runs, 0 finished (the tables cover the finished runs only)"));
  EXPECT_THAT(read_text(outcome.report), HasSubstr("No finished run yet."));
}

}  // namespace
}  // namespace sigvit
