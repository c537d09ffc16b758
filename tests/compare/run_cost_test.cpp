// The training cost --jobs orders runs by, and the order it starts them in.

#include <gtest/gtest.h>

#include "compare/parallel_runs.h"
#include "compare/run_cost.h"
#include "config/config_loader.h"
#include "experiment/experiment.h"
#include "summary/model_summary.h"
#include "../train/train_test_support.h"

namespace sigvit {
namespace {

using namespace train_testing;

class RunCost : public ::testing::Test {
 protected:
  void SetUp() override {
    write_toy_dataset(dir.file("toy.h5"), 40, 10);
    config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("run")));
  }

  Experiment experiment(const std::vector<std::string>& overrides) const {
    return Experiment(load_config(config, overrides), config);
  }

  TempDir dir;
  std::string config;
};

TEST_F(RunCost, IsThreeForwardPassesPerTrainingCaseAndEpoch) {
  const Experiment three_epochs = experiment({"train.epochs=3"});
  const auto model = three_epochs.build_model();
  const double forward_gflop = 2.0 * static_cast<double>(summarize(*model).macs) / 1e9;
  ASSERT_GT(forward_gflop, 0);
  const double cases = static_cast<double>(three_epochs.train_case_count());
  ASSERT_LT(cases, 40) << "the toy experiment holds validation cases out, which are not trained on";
  EXPECT_DOUBLE_EQ(estimated_training_gflop(three_epochs, *model), 3 * forward_gflop * cases * 3);

  const Experiment six_epochs = experiment({"train.epochs=6"});
  EXPECT_DOUBLE_EQ(estimated_training_gflop(six_epochs, *model), 2 * estimated_training_gflop(three_epochs, *model));

  const Experiment wider = experiment({"model.encoder.embed_dim=32"});
  const auto wider_model = wider.build_model();
  EXPECT_GT(estimated_training_gflop(wider, *wider_model), estimated_training_gflop(wider, *model));
}

TEST_F(RunCost, APretrainingAddsItsOwnEpochs) {
  const Experiment fine_tuning = experiment({"train.epochs=3"});
  const Experiment pretraining = experiment({"train.epochs=5", "data.val_fraction=0"});
  const auto model = fine_tuning.build_model();
  const double alone = estimated_training_gflop(fine_tuning, *model);
  const double with_pretraining = estimated_training_gflop(fine_tuning, *model, &pretraining);
  const double per_case_and_epoch = alone / (3.0 * static_cast<double>(fine_tuning.train_case_count()));
  EXPECT_DOUBLE_EQ(with_pretraining - alone, per_case_and_epoch * 5 * 40);
}

TEST(LongestFirst, StartsTheCostliestRunsFirstAndKeepsTiesInTheComparisonsOrder) {
  const std::vector<ChildRun> runs{{0, "a", "", 1.0}, {1, "b", "", 8.0}, {2, "c", "", 1.0},
                                   {3, "d", "", 3.0}, {4, "e", "", 8.0}};
  std::vector<size_t> order;
  for (const ChildRun& run : longest_first(runs)) order.push_back(run.index);
  EXPECT_EQ(order, (std::vector<size_t>{1, 4, 3, 0, 2}));
}

}  // namespace
}  // namespace sigvit
