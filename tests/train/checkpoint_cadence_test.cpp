// train.checkpoint_interval: checkpoints wait in memory between writes, and
// the end of training, an interruption or an error always writes them.

#include <csignal>
#include <filesystem>

#include "config/config_loader.h"
#include "engine/trainer.h"
#include "experiment/experiment.h"
#include "runtime/interrupt.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;
namespace fs = std::filesystem;

class CheckpointCadence : public ::testing::Test {
 protected:
  void SetUp() override {
    write_toy_dataset(dir.file("toy.h5"), 60, 30);
    config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("run")));
    fs::create_directories(dir.file("run"));
  }

  // The epoch last.ckpt records as each epoch ends (before that epoch's own
  // write), -1 where there is none yet; SIGINT during `interrupt_at_step` (> 0).
  std::vector<int64_t> train(const std::string& interval, int64_t interrupt_at_step = 0) {
    const Experiment experiment(load_config(config, {"train.checkpoint_interval=" + interval}), config);
    torch::manual_seed(experiment.options().seed);
    auto model = experiment.build_model();
    auto loader = experiment.train_loader();
    auto validation = experiment.validation_loader();
    Trainer trainer(*model, experiment.options().train, *loader, validation.get(), torch::kCPU,
                    RunFiles{dir.file("run"), experiment.model_card(), true});
    std::vector<int64_t> seen;
    trainer.on_epoch([&](const EpochRecord&) {
      seen.push_back(fs::exists(last()) ? read_checkpoint(last()).state.epoch : -1);
    });
    trainer.on_step([&](const TrainingState& state) {
      if (state.step == interrupt_at_step) std::raise(SIGINT);
    });
    InterruptGuard guard;
    outcome = trainer.fit();
    return seen;
  }

  std::string last() const { return dir.file("run") + "/last.ckpt"; }
  std::string best() const { return dir.file("run") + "/best.ckpt"; }

  TempDir dir;
  std::string config;
  FitOutcome outcome = FitOutcome::finished;
};

TEST_F(CheckpointCadence, ZeroWritesAfterEveryEpoch) {
  EXPECT_EQ(train("0"), (std::vector<int64_t>{-1, 1, 2}));
  EXPECT_EQ(read_checkpoint(last()).state.epoch, 3);
}

TEST_F(CheckpointCadence, ALongIntervalWritesOnlyAtTheEnd) {
  EXPECT_EQ(train("3600"), (std::vector<int64_t>{-1, -1, -1}));
  EXPECT_EQ(read_checkpoint(last()).state.epoch, 3);
  const TrainingState best_state = read_checkpoint(best()).state;
  EXPECT_GE(best_state.best_epoch, 1);
  EXPECT_EQ(best_state.epoch, best_state.best_epoch);  // written as of the epoch it was chosen
}

TEST_F(CheckpointCadence, AnInterruptionWritesTheWaitingBestAndTheCurrentStep) {
  // 6 steps an epoch: step 8 is in epoch 2, after epoch 1 chose a best model.
  train("3600", 8);
  ASSERT_EQ(outcome, FitOutcome::interrupted);
  EXPECT_EQ(read_checkpoint(last()).state.step, 8);
  EXPECT_EQ(read_checkpoint(best()).state.best_epoch, 1);
}

}  // namespace
}  // namespace sigvit
