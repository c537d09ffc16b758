// Mixed precision: bf16 forward passes with float32 weights, on any CPU.

#include <nlohmann/json.hpp>

#include <torch/torch.h>

#include <sstream>

#include "checkpoint/checkpoint.h"
#include "checkpoint/model_card.h"
#include "data/format/dataset_reader.h"
#include "engine/evaluator.h"
#include "experiment/experiment.h"
#include "run/run_experiment.h"
#include "runtime/gemm_backend.h"
#include "runtime/precision.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;

TEST(Precision, TheScopeRunsLinearLayersInBf16AndRestoresWhatWasThere) {
  const torch::Tensor x = torch::randn({4, 8});
  const torch::Tensor weight = torch::randn({3, 8});
  {
    PrecisionScope outer(Precision::bf16);
    EXPECT_EQ(torch::nn::functional::linear(x, weight).scalar_type(), torch::kBFloat16);
    {
      PrecisionScope inner(Precision::bf16);
      EXPECT_EQ(torch::nn::functional::linear(x, weight).scalar_type(), torch::kBFloat16);
    }
    // Still inside the outer scope.
    EXPECT_EQ(torch::nn::functional::linear(x, weight).scalar_type(), torch::kBFloat16);
    PrecisionScope fp32(Precision::fp32);
    EXPECT_EQ(torch::nn::functional::linear(x, weight).scalar_type(), torch::kBFloat16);
  }
  EXPECT_EQ(torch::nn::functional::linear(x, weight).scalar_type(), torch::kFloat);
}

TEST(Precision, ChoicesAreNamedAndAutoNeedsNativeBf16) {
  CpuFeatures without_bf16;
  without_bf16.avx2 = true;
  EXPECT_EQ(choose_precision("fp32", "train.precision", without_bf16), Precision::fp32);
  EXPECT_EQ(choose_precision("bf16", "train.precision", without_bf16), Precision::bf16);
  EXPECT_EQ(choose_precision("auto", "train.precision", without_bf16), Precision::fp32);
  EXPECT_THAT(testing::error_of([&] { choose_precision("half", "--precision", without_bf16); }),
              ::testing::HasSubstr("--precision: expected fp32, bf16 or auto, got 'half'"));
  EXPECT_EQ(to_string(Precision::bf16), "bf16");
}

TEST(Precision, AnUnknownPrecisionInAConfigNamesTheKey) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 12, 6);
  const std::string config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("runs/toy")));
  EXPECT_THAT(testing::error_of([&] { Experiment(load_config(config, {"train.precision=fp16"}), config); }),
              ::testing::HasSubstr("train.precision: expected fp32, bf16 or auto, got 'fp16'"));
}

TEST(GemmBackendConfig, AnUnknownBackendNamesTheKey) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 12, 6);
  const std::string config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("runs/toy")));
  EXPECT_THAT(testing::error_of([&] { Experiment(load_config(config, {"runtime.gemm=mkl"}), config); }),
              ::testing::HasSubstr("runtime.gemm: expected auto, blas or onednn, got 'mkl'"));
}

// The same seed and backend train to the same numbers, and result.json says
// which backend computed them.
TEST(GemmBackendConfig, OneDnnTrainingIsDeterministicAndReported) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 40, 20);
  const std::string config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("runs/toy")));
  auto train = [&] {
    RunRequest request;
    request.config_path = config;
    request.overrides = {"train.epochs=2", "runtime.gemm=onednn"};  // the default, made explicit
    std::ostringstream out;
    const RunOutcome outcome = run_experiment(request, out);
    EXPECT_THAT(out.str(), ::testing::HasSubstr("GEMM onednn"));
    return outcome.directory;
  };
  const std::string first = train(), second = train();
  const auto metrics = [](const std::string& directory) {
    return metrics_without_seconds(directory + "/metrics.csv");
  };
  EXPECT_EQ(metrics(first), metrics(second));
  const auto result = nlohmann::json::parse(read_text(first + "/result.json"));
  EXPECT_EQ(result["kernels"]["gemm_backend"], "onednn");
}

// A toy run trained in bf16: the loss falls, result.json says bf16, and its
// best checkpoint, evaluated in float32, predicts what it predicts in bf16.
TEST(Precision, Bf16TrainsAndItsCheckpointPredictsTheSameClassesInFp32) {
  TempDir dir;
  write_toy_dataset(dir.file("toy.h5"), 60, 30);
  const std::string config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("runs/toy")));
  RunRequest request;
  request.config_path = config;
  request.overrides = {"train.epochs=6", "train.precision=bf16"};
  std::ostringstream out;
  const RunOutcome outcome = run_experiment(request, out);
  EXPECT_THAT(out.str(), ::testing::HasSubstr("GEMM libtorch autocast, bf16"));

  const std::vector<std::string> metrics = read_lines(outcome.directory + "/metrics.csv");
  auto train_loss = [](const std::string& row) {
    std::istringstream fields(row);
    std::string field;
    for (int column = 0; column < 3; ++column) std::getline(fields, field, ',');
    return std::stod(field);
  };
  EXPECT_LT(train_loss(metrics.back()), 0.7 * train_loss(metrics[1]));
  const auto result = nlohmann::json::parse(read_text(outcome.directory + "/result.json"));
  EXPECT_EQ(result["kernels"]["precision"], "bf16");
  EXPECT_GT(result["test_accuracy"].get<double>(), 0.8);

  const std::string checkpoint = outcome.directory + "/best.ckpt";
  const ModelCard card = read_checkpoint(checkpoint).card;
  std::shared_ptr<Classifier> model = build_model_from_card(card, checkpoint);
  load_checkpoint_weights(checkpoint, *model, nullptr);
  for (const auto& parameter : model->parameters()) EXPECT_EQ(parameter.scalar_type(), torch::kFloat);
  const Experiment experiment(load_config(config), config);
  auto predictions = [&](Precision precision) {
    std::unique_ptr<BatchLoader> loader = experiment.split_loader("test", card);
    return evaluate(*model, *loader, torch::kCPU, precision).confusion;
  };
  const ConfusionMatrix fp32 = predictions(Precision::fp32), bf16 = predictions(Precision::bf16);
  for (int64_t truth = 0; truth < fp32.num_classes(); ++truth) {
    for (int64_t predicted = 0; predicted < fp32.num_classes(); ++predicted) {
      EXPECT_EQ(fp32.count(truth, predicted), bf16.count(truth, predicted)) << truth << " -> " << predicted;
    }
  }
}

}  // namespace
}  // namespace sigvit
