// A loss or gradient that turns NaN: the run stops naming the step, or drops
// the step when told to, and never saves a non-finite model.

#include <torch/torch.h>

#include <filesystem>
#include <limits>

#include "../error_of.h"
#include "config/config_loader.h"
#include "engine/trainer.h"
#include "experiment/experiment.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::HasSubstr;
using sigvit::testing::error_of;

// The toy experiment (48 training cases in batches of 8: 6 steps an epoch).
// After step `poison_at` the embedding weights become NaN, so that the next
// steps' losses are NaN; after step `heal_at` (if > 0) they are restored.
class NonFinite : public ::testing::Test {
 protected:
  void SetUp() override {
    write_toy_dataset(dir.file("toy.h5"), 60, 30);
    config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("run")));
    std::filesystem::create_directories(dir.file("run"));
  }

  TrainingState train(const std::vector<std::string>& overrides, int64_t poison_at, int64_t heal_at) {
    const Experiment experiment(load_config(config, overrides), config);
    torch::manual_seed(experiment.options().seed);
    model = experiment.build_model();
    auto loader = experiment.train_loader();
    auto validation = experiment.validation_loader();
    Trainer trainer(*model, experiment.options().train, *loader, validation.get(), torch::kCPU,
                    RunFiles{dir.file("run"), experiment.model_card(), true});
    torch::Tensor weight = model->parameters().front();
    torch::Tensor kept;
    trainer.on_step([&](const TrainingState& state) {
      torch::NoGradGuard no_grad;
      if (state.step == poison_at) {
        kept = weight.clone();
        weight.fill_(std::numeric_limits<float>::quiet_NaN());
      }
      if (state.step == heal_at) weight.copy_(kept);
    });
    trainer.fit();
    return trainer.state();
  }

  TempDir dir;
  std::string config;
  std::shared_ptr<Classifier> model;
};

TEST_F(NonFinite, ByDefaultTheRunStopsNamingTheStepAndKeepsTheLastGoodCheckpoint) {
  EXPECT_THAT(error_of([&] { train({}, 8, 0); }),
              ::testing::AllOf(HasSubstr("training stopped: the loss was NaN at epoch 2, step 9 (batch 3 of the epoch)"),
                               HasSubstr("no non-finite weights were saved"),
                               HasSubstr(dir.file("run") + "/last.ckpt (epoch 1) and the best checkpoint are kept"),
                               HasSubstr("train.nonfinite: skip")));
  const std::string last = dir.file("run") + "/last.ckpt";
  EXPECT_EQ(read_checkpoint(last).state.epoch, 1);
  load_checkpoint_weights(last, *model, nullptr);
  for (const auto& parameter : model->parameters()) EXPECT_TRUE(torch::isfinite(parameter).all().item<bool>());
  EXPECT_EQ(read_lines(dir.file("run") + "/metrics.csv").size(), 2u);  // the header and epoch 1
}

TEST_F(NonFinite, SkipDropsTheStepAndCountsItInMetrics) {
  const TrainingState state = train({"train.nonfinite=skip"}, 8, 9);
  ASSERT_EQ(state.history.size(), 3u);
  EXPECT_EQ(state.history[0].skipped_steps, 0);
  EXPECT_EQ(state.history[1].skipped_steps, 1);
  EXPECT_EQ(state.history[2].skipped_steps, 0);
  for (const EpochRecord& record : state.history) {
    EXPECT_TRUE(std::isfinite(record.train_loss));
    EXPECT_GT(record.grad_norm, 0);
  }
  const std::vector<EpochRecord> written =
      parse_metrics_csv(read_text(dir.file("run") + "/metrics.csv"), "metrics.csv");
  EXPECT_EQ(written[1].skipped_steps, 1);
  EXPECT_NEAR(written[1].grad_norm, state.history[1].grad_norm, 1e-5 * state.history[1].grad_norm);
}

TEST_F(NonFinite, SkipStopsAfterTheLimitOfStepsInARow) {
  EXPECT_THAT(error_of([&] { train({"train.nonfinite=skip", "train.nonfinite_limit=2"}, 8, 0); }),
              HasSubstr("at epoch 2, step 10 (batch 4 of the epoch), 2 such steps in a row (train.nonfinite_limit)"));
}

TEST_F(NonFinite, AnUnknownPolicyNamesTheKey) {
  EXPECT_THAT(error_of([&] { Experiment(load_config(config, {"train.nonfinite=ignore"}), config); }),
              HasSubstr("train.nonfinite: expected stop or skip, got 'ignore'"));
}

}  // namespace
}  // namespace sigvit
