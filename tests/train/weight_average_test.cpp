// train.ema: the moving average's arithmetic, what it swaps into the model,
// what the checkpoints hold, and an exact resume.

#include <torch/torch.h>

#include <cmath>
#include <csignal>
#include <filesystem>

#include "../error_of.h"
#include "config/config_loader.h"
#include "engine/trainer.h"
#include "engine/weight_average.h"
#include "experiment/experiment.h"
#include "runtime/interrupt.h"
#include "train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::HasSubstr;
using sigvit::testing::error_of;

class WeightAverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_toy_dataset(dir.file("toy.h5"), 60, 30);
    config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("run")));
    std::filesystem::create_directories(dir.file("whole"));
    std::filesystem::create_directories(dir.file("parts"));
  }

  Experiment experiment(const std::vector<std::string>& overrides) const {
    return Experiment(load_config(config, overrides), config);
  }

  // Every parameter set to `value`.
  static void fill(Classifier& model, float value) {
    torch::NoGradGuard no_grad;
    for (auto& parameter : model.parameters()) parameter.fill_(value);
  }

  TempDir dir;
  std::string config;
};

TEST_F(WeightAverageTest, WithoutWarmUpEachUpdateMovesTheAverageByOneMinusDecay) {
  torch::manual_seed(0);
  auto model = experiment({}).build_model();
  fill(*model, 1.0f);
  WeightAverage average(*model, EmaOptions{0.9, false});
  fill(*model, 2.0f);
  average.update();  // 0.9 * 1 + 0.1 * 2
  fill(*model, 0.0f);
  average.update();  // 0.9 * 1.1
  EXPECT_EQ(average.updates(), 2);
  for (const auto& [name, tensor] : average.record().tensors) {
    if (!tensor.is_floating_point() || !model->named_parameters().contains(name)) continue;
    EXPECT_NEAR(tensor.min().item<double>(), 0.99, 1e-6) << name;
    EXPECT_NEAR(tensor.max().item<double>(), 0.99, 1e-6) << name;
  }
}

TEST_F(WeightAverageTest, WarmUpStartsFromTheWeightsAndRisesToTheDecay) {
  torch::manual_seed(0);
  auto model = experiment({}).build_model();
  WeightAverage average(*model, EmaOptions{0.9, true});
  EXPECT_EQ(average.next_decay(), 0.0);  // the first update copies the weights
  for (int i = 0; i < 7; ++i) average.update();
  EXPECT_NEAR(average.next_decay(), 0.75, 1e-12);  // 1 - 8^(-2/3)
  for (int i = 0; i < 100; ++i) average.update();
  EXPECT_EQ(average.next_decay(), 0.9);  // capped
  EXPECT_EQ(WeightAverage(*model, EmaOptions{0.9, false}).next_decay(), 0.9);
}

TEST_F(WeightAverageTest, ASwapLendsTheAverageToTheModelAndGivesTheWeightsBack) {
  torch::manual_seed(0);
  auto model = experiment({}).build_model();
  fill(*model, 3.0f);
  WeightAverage average(*model, EmaOptions{0.5, false});
  fill(*model, 5.0f);
  {
    WeightAverage::Swap swapped(average);
    for (const auto& parameter : model->parameters()) EXPECT_TRUE(torch::all(parameter == 3.0f).item<bool>());
  }
  for (const auto& parameter : model->parameters()) EXPECT_TRUE(torch::all(parameter == 5.0f).item<bool>());
  for (const auto& [name, tensor] : average.record().tensors) {
    if (model->named_parameters().contains(name)) EXPECT_TRUE(torch::all(tensor == 3.0f).item<bool>()) << name;
  }
}

TEST_F(WeightAverageTest, RestoringAnAverageOfAnotherModelNamesTheTensor) {
  torch::manual_seed(0);
  auto small = experiment({}).build_model();
  auto wide = experiment({"model.encoder.embed_dim=32"}).build_model();
  WeightAverage of_small(*small, EmaOptions{0.9, true});
  WeightAverage of_wide(*wide, EmaOptions{0.9, true});
  EXPECT_THAT(error_of([&] { of_wide.restore(of_small.record(), "checkpoint 'x.ckpt'"); }),
              ::testing::AllOf(HasSubstr("checkpoint 'x.ckpt': its weight average does not fit the model"),
                               HasSubstr("'cls_token' [1, 1, 16], the model's is 'cls_token' [1, 1, 32]")));
}

TEST_F(WeightAverageTest, ConfigErrorsNameTheKey) {
  EXPECT_THAT(error_of([&] { experiment({"train.ema=1.5"}); }), HasSubstr("expected a decay in [0, 1)"));
  EXPECT_THAT(error_of([&] { experiment({"train.ema.speed=2"}); }), HasSubstr("speed"));
  EXPECT_EQ(experiment({"train.ema=0.99"}).options().train.ema.decay, 0.99);
  EXPECT_FALSE(experiment({"train.ema.decay=0.99", "train.ema.warmup=false"}).options().train.ema.warmup);
  EXPECT_FALSE(experiment({}).options().train.ema.enabled());
}

struct Fit {
  FitOutcome outcome;
  TrainingState state;
};

// The toy experiment under train.ema in `directory`; a SIGINT during step
// `interrupt_at_step` (> 0); `resume` continues from last.ckpt.
Fit fit(const Experiment& experiment, const std::string& directory, int64_t interrupt_at_step, bool resume) {
  torch::manual_seed(resume ? 1234 : experiment.options().seed);
  auto model = experiment.build_model();
  auto train = experiment.train_loader();
  auto validation = experiment.validation_loader();
  Trainer trainer(*model, experiment.options().train, *train, validation.get(), torch::kCPU,
                  RunFiles{directory, experiment.model_card(), true});
  trainer.on_step([&](const TrainingState& state) {
    if (state.step == interrupt_at_step) std::raise(SIGINT);
  });
  if (resume) trainer.resume(directory + "/last.ckpt");
  InterruptGuard guard;
  return {trainer.fit(), trainer.state()};
}

TEST_F(WeightAverageTest, AnInterruptedRunResumesToTheSameAverageAndValidations) {
  const Experiment averaged = experiment({"train.ema=0.9"});
  const Fit whole = fit(averaged, dir.file("whole"), 0, false);
  ASSERT_EQ(fit(averaged, dir.file("parts"), 8, false).outcome, FitOutcome::interrupted);
  const Fit resumed = fit(averaged, dir.file("parts"), 0, true);
  ASSERT_EQ(resumed.outcome, FitOutcome::finished);

  ASSERT_EQ(whole.state.history.size(), resumed.state.history.size());
  for (size_t i = 0; i < whole.state.history.size(); ++i) {
    const EpochRecord& a = whole.state.history[i];
    const EpochRecord& b = resumed.state.history[i];
    EXPECT_EQ(a.val_loss, b.val_loss) << "epoch " << i + 1;
    ASSERT_TRUE(a.raw_val_loss.has_value());
    EXPECT_EQ(a.raw_val_loss, b.raw_val_loss) << "epoch " << i + 1;
    EXPECT_NE(a.val_loss, a.raw_val_loss) << "the average is validated, not the weights";
  }
  const auto a = read_weight_average(dir.file("whole") + "/last.ckpt");
  const auto b = read_weight_average(dir.file("parts") + "/last.ckpt");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->updates, 18);  // 3 epochs of 6 steps
  EXPECT_EQ(a->updates, b->updates);
  ASSERT_EQ(a->tensors.size(), b->tensors.size());
  for (size_t i = 0; i < a->tensors.size(); ++i) {
    EXPECT_EQ(a->tensors[i].first, b->tensors[i].first);
    EXPECT_TRUE(torch::equal(a->tensors[i].second, b->tensors[i].second)) << a->tensors[i].first;
  }
}

TEST_F(WeightAverageTest, BestCheckpointHoldsTheAverageAndLastHoldsBoth) {
  const Experiment averaged = experiment({"train.ema=0.9", "train.select=last"});
  fit(averaged, dir.file("whole"), 0, false);
  const std::string best = dir.file("whole") + "/best.ckpt";
  const std::string last = dir.file("whole") + "/last.ckpt";
  EXPECT_FALSE(read_weight_average(best).has_value());
  const auto average = read_weight_average(last);
  ASSERT_TRUE(average.has_value());

  auto from_best = averaged.build_model();
  auto from_last = averaged.build_model();
  load_checkpoint_weights(best, *from_best, nullptr);
  load_checkpoint_weights(last, *from_last, nullptr);
  const auto best_parameters = from_best->named_parameters();
  const auto last_parameters = from_last->named_parameters();
  bool any_differs = false;
  for (const auto& [name, tensor] : average->tensors) {
    if (!best_parameters.contains(name)) continue;
    EXPECT_TRUE(torch::equal(best_parameters[name], tensor)) << name;
    any_differs = any_differs || !torch::equal(last_parameters[name], tensor);
  }
  EXPECT_TRUE(any_differs) << "last.ckpt's model holds the trained weights, not the average";
}

TEST_F(WeightAverageTest, ResumingWithoutAnAverageInTheCheckpointIsAnError) {
  ASSERT_EQ(fit(experiment({}), dir.file("parts"), 8, false).outcome, FitOutcome::interrupted);
  EXPECT_THAT(error_of([&] { fit(experiment({"train.ema=0.9"}), dir.file("parts"), 0, true); }),
              HasSubstr("holds no weight average, so it was written without train.ema"));
}

}  // namespace
}  // namespace sigvit
