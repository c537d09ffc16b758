#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <torch/nn/functional/loss.h>

#include "../test_support.h"
#include <torch/optim/adamw.h>

#include "engine/confusion_matrix.h"
#include "engine/lr_schedule.h"
#include "engine/optimizer_factory.h"
#include "engine/train_step.h"

namespace sigvit {
namespace {

using testing::model_from_yaml;

const char* kTinyVit = R"(
model:
  input_shape: [1, 32]
  num_classes: 2
  embedder: {name: conv1d_signal, patch_size: 4}
  encoder: {embed_dim: 16, depth: 1, num_heads: 2, mlp_ratio: 2}
)";

TEST(Optimizer, StepsReduceTheLossOfASeparableBatch) {
  torch::manual_seed(0);
  auto model = model_from_yaml(kTinyVit);
  model->train();
  torch::Tensor x = torch::randn({16, 1, 32});
  torch::Tensor y = torch::arange(16) % 2;
  x = x + y.view({16, 1, 1}).to(torch::kFloat32) * 2.0;
  OptimizerOptions options;
  options.lr = 1e-2;
  auto optimizer = build_optimizer(*model, options);
  double first = 0, last = 0;
  for (int step = 0; step < 30; ++step) {
    optimizer->zero_grad();
    torch::Tensor loss = torch::nn::functional::cross_entropy(model->forward(ModelInput{x, {}}).logits, y);
    loss.backward();
    optimizer->step();
    if (step == 0) first = loss.item<double>();
    last = loss.item<double>();
  }
  EXPECT_LT(last, 0.5 * first);
}

// The trainer's step starts each step from no gradient: three steps equal
// three textbook zero_grad / backward / step rounds, so no gradient leaks
// from one step into the next.
TEST(Optimizer, TheTrainersStepMatchesZeroGradBackwardStep) {
  torch::manual_seed(4);
  auto stepped = model_from_yaml(kTinyVit);
  torch::manual_seed(4);
  auto textbook = model_from_yaml(kTinyVit);
  stepped->train();
  textbook->train();
  auto stepped_optimizer = build_optimizer(*stepped, OptimizerOptions());
  auto textbook_optimizer = build_optimizer(*textbook, OptimizerOptions());
  Batch batch;
  batch.x = torch::randn({8, 1, 32});
  batch.y = torch::arange(8) % 2;
  for (int step = 0; step < 3; ++step) {
    take_optimizer_step(*stepped, *stepped_optimizer, batch, LossOptions{}, 0.0);
    textbook_optimizer->zero_grad();
    torch::nn::functional::cross_entropy(textbook->forward(ModelInput{batch.x, {}}).logits, batch.y).backward();
    textbook_optimizer->step();
  }
  const auto expected = textbook->named_parameters();
  for (const auto& parameter : stepped->named_parameters()) {
    EXPECT_TRUE(torch::allclose(parameter.value(), expected[parameter.key()], 1e-5, 1e-6)) << parameter.key();
  }
}

TEST(Optimizer, BiasesNormsTokensAndPositionsAreNotDecayed) {
  auto model = model_from_yaml(kTinyVit);
  auto optimizer = build_optimizer(*model, OptimizerOptions());
  ASSERT_EQ(optimizer->param_groups().size(), 2u);
  const auto& decayed = optimizer->param_groups()[0];
  const auto& exempt = optimizer->param_groups()[1];
  EXPECT_DOUBLE_EQ(static_cast<const torch::optim::AdamWOptions&>(decayed.options()).weight_decay(), 0.05);
  EXPECT_DOUBLE_EQ(static_cast<const torch::optim::AdamWOptions&>(exempt.options()).weight_decay(), 0.0);
  auto holds = [](const torch::optim::OptimizerParamGroup& group, const torch::Tensor& parameter) {
    for (const auto& p : group.params()) {
      if (p.is_same(parameter)) return true;
    }
    return false;
  };
  const auto named = model->named_parameters();
  for (const auto& name : {"cls_token", "pos_embed.table", "encoder.blocks.0.norm1.weight", "head.bias"}) {
    EXPECT_TRUE(holds(exempt, named[name])) << name;
  }
  for (const auto& name : {"encoder.blocks.0.attn.qkv.weight", "head.weight", "patch_embed.proj.weight"}) {
    EXPECT_TRUE(holds(decayed, named[name])) << name;
  }
  EXPECT_EQ(decayed.params().size() + exempt.params().size(), named.size());
}

TEST(LrSchedule, WarmsUpLinearlyThenDecaysByCosineToTheFloor) {
  ScheduleOptions options;
  options.warmup_epochs = 1;
  options.min_lr = 0.1;
  const LrSchedule schedule(options, 1.0, 10, 5);
  EXPECT_DOUBLE_EQ(schedule.at(0), 0.1);
  EXPECT_DOUBLE_EQ(schedule.at(4), 0.5);
  EXPECT_DOUBLE_EQ(schedule.at(10), 1.0);
  EXPECT_NEAR(schedule.at(30), 0.55, 1e-12);  // half way through the decay
  EXPECT_NEAR(schedule.at(50), 0.1, 1e-12);
  EXPECT_GT(schedule.at(20), schedule.at(21));
}

TEST(LrSchedule, StepDividesEveryStepEpochs) {
  ScheduleOptions options;
  options.kind = ScheduleKind::step;
  options.step_epochs = 2;
  options.gamma = 0.5;
  const LrSchedule schedule(options, 0.8, 10, 6);
  EXPECT_DOUBLE_EQ(schedule.at(19), 0.8);
  EXPECT_DOUBLE_EQ(schedule.at(20), 0.4);
  EXPECT_DOUBLE_EQ(schedule.at(59), 0.2);
}

TEST(ConfusionMatrix, DerivesAccuracyPrecisionRecallAndMacroF1) {
  ConfusionMatrix confusion(4);
  // truth:      0 0 0 1 1 2
  // prediction: 0 0 1 1 2 2   (class 3 absent from both)
  confusion.add(torch::tensor({0, 0, 0, 1, 1, 2}), torch::tensor({0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(confusion.total(), 6);
  EXPECT_EQ(confusion.count(0, 1), 1);
  EXPECT_DOUBLE_EQ(confusion.accuracy(), 4.0 / 6);
  EXPECT_DOUBLE_EQ(confusion.precision(0), 1.0);
  EXPECT_DOUBLE_EQ(confusion.recall(0), 2.0 / 3);
  EXPECT_DOUBLE_EQ(confusion.f1(1), 0.5);
  EXPECT_DOUBLE_EQ(confusion.f1(2), 2.0 / 3);
  EXPECT_DOUBLE_EQ(confusion.macro_f1(), (0.8 + 0.5 + 2.0 / 3) / 3);
  EXPECT_THAT(testing::error_of([&] { confusion.add(torch::tensor({4}), torch::tensor({0})); }),
              ::testing::HasSubstr("out of range [0, 4)"));
}

std::shared_ptr<Classifier> two_block_vit() { return model_from_yaml(kTinyVit, {"model.encoder.depth=2"}); }

TEST(Optimizer, FrozenParametersStayOutAndKeepTheirValues) {
  torch::manual_seed(0);
  auto model = two_block_vit();
  const torch::Tensor embedder_before = model->named_parameters()["patch_embed.proj.weight"].clone();
  OptimizerOptions options;
  options.lr = 1e-2;
  options.freeze = {"patch_embed.*", "encoder.blocks.0.*"};
  auto optimizer = build_optimizer(*model, options);
  int64_t trained = 0;
  for (const auto& group : optimizer->param_groups()) trained += static_cast<int64_t>(group.params().size());
  // 2 embedder tensors and 12 of block 0 are frozen.
  EXPECT_EQ(trained, static_cast<int64_t>(model->parameters().size()) - 14);
  EXPECT_FALSE(model->named_parameters()["encoder.blocks.0.attn.qkv.weight"].requires_grad());
  const torch::Tensor x = torch::randn({4, 1, 32});
  torch::nn::functional::cross_entropy(model->forward(ModelInput{x, {}}).logits, torch::tensor({0, 1, 0, 1})).backward();
  optimizer->step();
  EXPECT_TRUE(torch::equal(model->named_parameters()["patch_embed.proj.weight"], embedder_before));

  options.freeze = {"encoder.blokcs.*"};
  EXPECT_THAT(testing::error_of([&] { build_optimizer(*two_block_vit(), options); }),
              ::testing::HasSubstr("train.freeze: 'encoder.blokcs.*' matches no parameter"));
  options.freeze = {"*"};
  EXPECT_THAT(testing::error_of([&] { build_optimizer(*two_block_vit(), options); }),
              ::testing::HasSubstr("every parameter is frozen"));
}

TEST(Optimizer, LayerDecayScalesEachBlocksRateByItsDepth) {
  auto model = two_block_vit();
  OptimizerOptions options;
  options.lr = 1.0;
  options.layer_decay = 0.5;
  std::vector<double> scales;
  auto optimizer = build_optimizer(*model, options, &scales);
  set_learning_rate(*optimizer, 0.1, scales);
  // The rate of the group holding each parameter.
  const auto rate_of = [&](const std::string& name) {
    const torch::Tensor& wanted = model->named_parameters()[name];
    for (const auto& group : optimizer->param_groups()) {
      for (const auto& parameter : group.params()) {
        if (parameter.is_same(wanted)) return group.options().get_lr();
      }
    }
    return -1.0;
  };
  EXPECT_DOUBLE_EQ(rate_of("patch_embed.proj.weight"), 0.1 * 0.125);  // layer 0 of 3
  EXPECT_DOUBLE_EQ(rate_of("pos_embed.table"), 0.1 * 0.125);
  EXPECT_DOUBLE_EQ(rate_of("encoder.blocks.0.mlp.fc1.weight"), 0.1 * 0.25);
  EXPECT_DOUBLE_EQ(rate_of("encoder.blocks.1.norm1.bias"), 0.1 * 0.5);
  EXPECT_DOUBLE_EQ(rate_of("head.weight"), 0.1);
  EXPECT_DOUBLE_EQ(rate_of("encoder.norm.weight"), 0.1);
}

}  // namespace
}  // namespace sigvit
