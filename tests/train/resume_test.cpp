// An interrupted run resumes to exactly the metrics and weights of an
// uninterrupted one.

#include <csignal>
#include <filesystem>

#include "config/config_loader.h"
#include "engine/trainer.h"
#include "experiment/experiment.h"
#include "runtime/gemm_backend.h"
#include "runtime/interrupt.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;

struct Fit {
  FitOutcome outcome;
  TrainingState state;
  std::shared_ptr<Classifier> model;
};

// Trains the toy experiment in `directory`; with `interrupt_at_step` > 0 a
// SIGINT arrives during that step; with `resume` it continues from last.ckpt.
Fit fit(const Experiment& experiment, const std::string& directory, int64_t interrupt_at_step, bool resume) {
  // A different seed for a resumed model: the checkpoint must restore everything.
  torch::manual_seed(resume ? 1234 : experiment.options().seed);
  Fit result;
  result.model = experiment.build_model();
  auto train = experiment.train_loader();
  auto validation = experiment.validation_loader();
  Trainer trainer(*result.model, experiment.options().train, *train, validation.get(), torch::kCPU,
                  RunFiles{directory, experiment.model_card(), true});
  trainer.on_step([&](const TrainingState& state) {
    if (state.step == interrupt_at_step) std::raise(SIGINT);
  });
  if (resume) trainer.resume(directory + "/last.ckpt");
  InterruptGuard guard;
  result.outcome = trainer.fit();
  result.state = trainer.state();
  return result;
}

void expect_same_history(const TrainingState& a, const TrainingState& b) {
  ASSERT_EQ(a.history.size(), b.history.size());
  for (size_t i = 0; i < a.history.size(); ++i) {
    EXPECT_EQ(a.history[i].lr, b.history[i].lr) << "epoch " << i + 1;
    EXPECT_EQ(a.history[i].train_loss, b.history[i].train_loss) << "epoch " << i + 1;
    EXPECT_EQ(a.history[i].train_accuracy, b.history[i].train_accuracy) << "epoch " << i + 1;
    EXPECT_EQ(a.history[i].val_loss, b.history[i].val_loss) << "epoch " << i + 1;
    EXPECT_EQ(a.history[i].val_accuracy, b.history[i].val_accuracy) << "epoch " << i + 1;
  }
  EXPECT_EQ(a.best_epoch, b.best_epoch);
  EXPECT_EQ(a.step, b.step);
}

class Resume : public ::testing::Test {
 protected:
  void SetUp() override {
    write_toy_dataset(dir.file("toy.h5"), 60, 30);
    const std::string config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("run")));
    experiment = std::make_unique<Experiment>(load_config(config), config);
    std::filesystem::create_directories(dir.file("whole"));
    std::filesystem::create_directories(dir.file("parts"));
  }

  TempDir dir;
  std::unique_ptr<Experiment> experiment;
};

TEST_F(Resume, MidEpochInterruptionResumesToIdenticalMetricsAndWeights) {
  const Fit whole = fit(*experiment, dir.file("whole"), 0, false);
  ASSERT_EQ(whole.outcome, FitOutcome::finished);

  // 48 training cases in batches of 8: step 8 is the second batch of epoch 2.
  const Fit interrupted = fit(*experiment, dir.file("parts"), 8, false);
  ASSERT_EQ(interrupted.outcome, FitOutcome::interrupted);
  EXPECT_EQ(interrupted.state.epoch, 1);
  EXPECT_EQ(interrupted.state.batch, 2);
  EXPECT_EQ(interrupted.state.history.size(), 1u);

  // The interrupted run left a loadable checkpoint that records where it stopped.
  const CheckpointContent saved = read_checkpoint(dir.file("parts") + "/last.ckpt");
  EXPECT_EQ(saved.state.step, 8);
  EXPECT_EQ(saved.card.class_names, (std::vector<std::string>{"early", "middle", "late"}));
  auto probe = build_model_from_card(saved.card, dir.file("parts") + "/last.ckpt");
  EXPECT_NO_THROW(load_checkpoint_weights(dir.file("parts") + "/last.ckpt", *probe, nullptr));

  const Fit resumed = fit(*experiment, dir.file("parts"), 0, true);
  ASSERT_EQ(resumed.outcome, FitOutcome::finished);
  expect_same_history(whole.state, resumed.state);
  const auto a = whole.model->parameters();
  const auto b = resumed.model->parameters();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << "parameter " << i;
  EXPECT_EQ(read_text(dir.file("whole") + "/metrics.csv").size(), read_text(dir.file("parts") + "/metrics.csv").size());
}

TEST_F(Resume, InterruptionAtAnEpochBoundaryResumesToo) {
  const Fit whole = fit(*experiment, dir.file("whole"), 0, false);
  const Fit interrupted = fit(*experiment, dir.file("parts"), 6, false);
  ASSERT_EQ(interrupted.outcome, FitOutcome::interrupted);
  const Fit resumed = fit(*experiment, dir.file("parts"), 0, true);
  expect_same_history(whole.state, resumed.state);
}

TEST_F(Resume, AResumedRunComputesWithTheGemmBackendsItsCheckpointRecorded) {
  GemmPlan& plan = GemmPlan::process();
  const GemmBackend previous = plan.policy();
  plan.set_policy(GemmBackend::automatic);
  plan.forget_choices();
  const Fit interrupted = fit(*experiment, dir.file("parts"), 8, false);
  ASSERT_EQ(interrupted.outcome, FitOutcome::interrupted);
  const auto saved = read_checkpoint(dir.file("parts") + "/last.ckpt").state.gemm_choices;
  EXPECT_GE(saved.size(), 3u);

  // The opposite of every saved choice, as a new process might have timed it:
  // the checkpoint's must win.
  std::map<std::string, std::string> opposite;
  for (const auto& [shape, backend] : saved) opposite[shape] = backend == "blas" ? "onednn" : "blas";
  plan.forget_choices();
  plan.adopt(opposite);
  fit(*experiment, dir.file("parts"), 0, true);
  const auto used = plan.choices();
  for (const auto& [shape, backend] : saved) EXPECT_EQ(used.at(shape), backend) << shape;
  plan.set_policy(previous);
  plan.forget_choices();
}

}  // namespace
}  // namespace sigvit
