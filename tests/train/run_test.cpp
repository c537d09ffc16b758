// `sigvit run` end to end on a toy data set the test writes.

#include <nlohmann/json.hpp>

#include <torch/cuda.h>

#include <sstream>

#include "checkpoint/checkpoint.h"
#include "results/training_state.h"
#include "run/run_experiment.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;

struct ToyRun {
  TempDir dir;
  std::string config;

  ToyRun() {
    write_toy_dataset(dir.file("toy.h5"), 60, 30);
    config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("runs/toy")));
  }

  RunOutcome run(std::vector<std::string> overrides = {}) const {
    RunRequest request;
    request.config_path = config;
    request.overrides = std::move(overrides);
    std::ostringstream ignored;
    return run_experiment(request, ignored);
  }
};

TEST(Run, LossFallsAndTheRunDirectoryIsComplete) {
  ToyRun toy;
  const RunOutcome outcome = toy.run({"train.epochs=6"});
  ASSERT_EQ(outcome.directory, toy.dir.file("runs/toy"));
  for (const char* file : {"config.yaml", "metrics.csv", "result.json", "best.ckpt", "last.ckpt"}) {
    EXPECT_TRUE(data_testing::exists(outcome.directory + "/" + file)) << file;
  }
  const std::vector<std::string> metrics = read_lines(outcome.directory + "/metrics.csv");
  ASSERT_EQ(metrics.size(), 7u);
  EXPECT_EQ(metrics[0],
            "epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds,grad_norm,skipped_steps,raw_val_loss,"
            "raw_val_accuracy");
  auto train_loss = [](const std::string& row) {
    std::istringstream fields(row);
    std::string field;
    for (int column = 0; column < 3; ++column) std::getline(fields, field, ',');
    return std::stod(field);
  };
  EXPECT_LT(train_loss(metrics[6]), 0.7 * train_loss(metrics[1]));

  const auto result = nlohmann::json::parse(read_text(outcome.directory + "/result.json"));
  EXPECT_GT(result["test_accuracy"].get<double>(), 0.9);
  EXPECT_EQ(result["test"]["cases"], 30);
  EXPECT_EQ(result["test"]["confusion_matrix"].size(), 3u);
  int64_t counted = 0;
  for (const auto& row : result["test"]["confusion_matrix"]) {
    for (const auto& count : row) counted += count.get<int64_t>();
  }
  EXPECT_EQ(counted, 30);
  EXPECT_EQ(result["test"]["per_class"][2]["class"], "late");
  // The toy test split has 10 cases per class: balanced accuracy is the accuracy.
  EXPECT_NEAR(result["balanced_accuracy"].get<double>(), result["test_accuracy"].get<double>(), 1e-9);
  EXPECT_GE(result["macro_auroc"].get<double>(), 0.0);
  EXPECT_LE(result["macro_auroc"].get<double>(), 1.0);
  EXPECT_EQ(result["macro_auroc"], result["test"]["macro_auroc"]);
  for (const char* key : {"macro_f1", "params", "gflops_per_sample", "train_seconds", "train_samples_per_s",
                          "infer_samples_per_s", "best_epoch", "best_val_accuracy", "time_breakdown"}) {
    EXPECT_TRUE(result.contains(key)) << key;
  }
  EXPECT_GT(result["params"].get<int64_t>(), 1000);
  EXPECT_GT(result["latency_ms"].get<double>(), 0.0);
  EXPECT_LE(result["latency_ms_p10_p90"][0].get<double>(), result["latency_ms"].get<double>());
  EXPECT_EQ(result["validation"], "12 cases held out of 'train' per class (data.val_fraction 0.2)");
  EXPECT_GT(result["train_samples_per_s"].get<double>(), 0.0);
  EXPECT_EQ(outcome.test_accuracy, result["test_accuracy"].get<double>());
}

TEST(Run, TheSameSeedGivesTheSameMetrics) {
  ToyRun toy;
  const RunOutcome first = toy.run();
  const RunOutcome second = toy.run();
  ASSERT_NE(first.directory, second.directory);
  EXPECT_EQ(metrics_without_seconds(first.directory + "/metrics.csv"),
            metrics_without_seconds(second.directory + "/metrics.csv"));
  EXPECT_EQ(first.test_accuracy, second.test_accuracy);

  const RunOutcome reseeded = toy.run({"seed=4"});
  EXPECT_NE(metrics_without_seconds(first.directory + "/metrics.csv"),
            metrics_without_seconds(reseeded.directory + "/metrics.csv"));
}

TEST(Run, ANewRunNeverReusesAnEarlierRunsDirectory) {
  ToyRun toy;
  const RunOutcome first = toy.run({"train.epochs=1"});
  const std::string earlier = read_text(first.directory + "/metrics.csv");
  const RunOutcome second = toy.run({"train.epochs=1"});
  EXPECT_EQ(second.directory, toy.dir.file("runs/toy-2"));
  EXPECT_EQ(read_text(first.directory + "/metrics.csv"), earlier);
}

TEST(Run, WithoutValidationTheLastEpochIsTheBest) {
  ToyRun toy;
  const RunOutcome outcome = toy.run({"data.val_fraction=0", "train.epochs=2"});
  const auto result = nlohmann::json::parse(read_text(outcome.directory + "/result.json"));
  EXPECT_EQ(result["best_epoch"], 2);
  EXPECT_TRUE(result["best_val_accuracy"].is_null());
  EXPECT_EQ(read_lines(outcome.directory + "/metrics.csv")[1].find(",,") != std::string::npos, true);
}

TEST(Run, ResumeRefusesAChangedConfig) {
  ToyRun toy;
  toy.run({"train.epochs=1"});
  RunRequest request;
  request.config_path = toy.config;
  request.overrides = {"train.epochs=1", "train.lr=0.01"};
  request.resume = true;
  std::ostringstream ignored;
  EXPECT_THAT(testing::error_of([&] { run_experiment(request, ignored); }),
              ::testing::HasSubstr("the config differs from the one"));
}

TEST(Run, CudaWhereThereIsNoneIsAClearError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "this machine has CUDA";
  ToyRun toy;
  EXPECT_THAT(testing::error_of([&] { toy.run({"device=cuda"}); }),
              ::testing::HasSubstr("device 'cuda': this LibTorch build has no CUDA support or sees no GPU"));
}


// train.select: train_loss keeps the epoch with the lowest training loss,
// whatever validation says, and result.json records the choice.
TEST(RunSelection, TrainLossKeepsTheEpochWithTheLowestTrainingLoss) {
  ToyRun toy;
  const RunOutcome outcome = toy.run({"train.epochs=4", "train.select=train_loss"});
  const auto result = nlohmann::json::parse(read_text(outcome.directory + "/result.json"));
  EXPECT_EQ(result["selected_by"], "train_loss");
  const std::vector<EpochRecord> history =
      parse_metrics_csv(read_text(outcome.directory + "/metrics.csv"), "metrics.csv");
  size_t lowest = 0;
  for (size_t i = 1; i < history.size(); ++i) {
    if (history[i].train_loss < history[lowest].train_loss) lowest = i;
  }
  EXPECT_EQ(result["best_epoch"].get<int64_t>(), history[lowest].epoch);
  EXPECT_EQ(read_checkpoint(outcome.directory + "/best.ckpt").state.best_epoch, history[lowest].epoch);
}

}  // namespace
}  // namespace sigvit
