// Masked-patch pretraining: reproducible masks, a loss over hidden valid
// tokens only, a loss that falls, and checkpoints that a classifier loads.

#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <torch/torch.h>

#include <filesystem>

#include "checkpoint/checkpoint.h"
#include "sigvit/error.h"
#include "model/vit/masked_patch_model.h"
#include "../test_support.h"
#include "weights/pretrained_import.h"

namespace sigvit {
namespace {

using testing::model_from_yaml;

at::Generator seeded(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

TEST(PatchMasking, TheSameSeedGivesTheSameMasksAndRandomMasksHideTheirShareOfValidTokens) {
  MaskingOptions options;
  options.ratio = 0.4;
  const torch::Tensor valid = torch::arange(20).unsqueeze(0).expand({3, 20}) <
                              torch::tensor({20, 10, 2}).unsqueeze(1);
  const torch::Tensor first = sample_token_mask(options, 3, 20, valid, seeded(7));
  EXPECT_TRUE(torch::equal(first, sample_token_mask(options, 3, 20, valid, seeded(7))));
  EXPECT_FALSE(torch::equal(first, sample_token_mask(options, 3, 20, valid, seeded(8))));
  EXPECT_EQ(testing::values(first.sum(1)), (std::vector<int64_t>{8, 4, 1}));
  EXPECT_FALSE((first & valid.logical_not()).any().item<bool>());
}

TEST(PatchMasking, SpanMasksHideRunsOfNeighbouringTokens) {
  MaskingOptions options;
  options.ratio = 0.5;
  options.shape = MaskShape::spans;
  options.span = 4;
  const torch::Tensor mask = sample_token_mask(options, 16, 40, {}, seeded(3));
  EXPECT_TRUE(torch::equal(mask, sample_token_mask(options, 16, 40, {}, seeded(3))));
  for (int64_t b = 0; b < 16; ++b) {
    const std::vector<int64_t> row = testing::values(mask[b]);
    int64_t hidden = 0, runs = 0;
    for (size_t t = 0; t < row.size(); ++t) {
      hidden += row[t];
      if (row[t] && (t == 0 || !row[t - 1])) ++runs;
    }
    EXPECT_GE(hidden, 20) << "sample " << b;
    EXPECT_LE(hidden, 20 + 3) << "sample " << b;
    // Blocks of four (two at the edges may be cut short); neighbours merge into longer runs.
    EXPECT_LE(runs, 6) << "sample " << b;
  }
}

const char* const signal_vit = R"(model:
  input_shape: [2, 64]
  num_classes: 3
  embedder: {name: conv1d_signal, patch_size: 8}
  encoder: {embed_dim: 16, depth: 2, num_heads: 2}
)";

std::shared_ptr<MaskedPatchModel> pretraining(const PretrainOptions& options = {}) {
  torch::manual_seed(5);
  auto vit = std::dynamic_pointer_cast<VisionTransformer>(model_from_yaml(signal_vit));
  return std::make_shared<MaskedPatchModel>(vit, options);
}

TEST(MaskedPatchModel, ThePretrainSectionIsCheckedKeyByKey) {
  const auto error_with = [](const std::string& section) {
    return testing::error_of([&] {
      parse_pretrain_options(parse_config("pretrain: " + section + "\n", "p.yaml", {}).node().child("pretrain"));
    });
  };
  EXPECT_NE(error_with("{mask_ratio: 1.5}").find("pretrain.mask_ratio: expected a share of the tokens in (0, 1)"),
            std::string::npos);
  EXPECT_NE(error_with("{masking: blocks}").find("pretrain.masking: expected 'random' or 'spans', got 'blocks'"),
            std::string::npos);
  EXPECT_NE(error_with("{span: 0}").find("pretrain.span: expected a number of tokens >= 1"), std::string::npos);
  EXPECT_NE(error_with("{target: phase}").find("pretrain.target: expected 'values' or 'spectrum', got 'phase'"),
            std::string::npos);
  EXPECT_NE(error_with("{decoder: deep}").find("pretrain.decoder: expected 'linear' or 'mlp', got 'deep'"),
            std::string::npos);
  EXPECT_NE(error_with("{mask_rate: 0.5}").find("did you mean 'mask_ratio'"), std::string::npos);
  const PretrainOptions options = parse_pretrain_options(
      parse_config("pretrain: {mask_ratio: 0.6, masking: spans, span: 3, target: spectrum}\n", "p.yaml", {})
          .node()
          .child("pretrain"));
  EXPECT_EQ(options.masking.ratio, 0.6);
  EXPECT_EQ(options.masking.shape, MaskShape::spans);
  EXPECT_EQ(options.masking.span, 3);
  EXPECT_EQ(options.target, "spectrum");
}

TEST(MaskedPatchModel, AModelWithoutPositionsIsRefusedWithTheKeyToSet) {
  torch::manual_seed(5);
  auto vit = std::dynamic_pointer_cast<VisionTransformer>(model_from_yaml(
      std::string(signal_vit) + "  position_embedding: none\n  pooling: mean\n  class_token: false\n"));
  ASSERT_TRUE(vit);
  try {
    MaskedPatchModel model(vit, PretrainOptions{});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("model.position_embedding is 'none'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("sinusoidal"), std::string::npos) << e.what();
  }
  auto with_positions = std::dynamic_pointer_cast<VisionTransformer>(model_from_yaml(
      std::string(signal_vit) + "  position_embedding: sinusoidal\n  pooling: mean\n  class_token: false\n"));
  EXPECT_NO_THROW(MaskedPatchModel(with_positions, PretrainOptions{}));
}

TEST(MaskedPatchModel, TargetsAreEachTokensSamples) {
  PretrainOptions options;
  options.normalize_targets = false;
  auto model = pretraining(options);
  const torch::Tensor x = torch::randn({2, 2, 64});
  const auto parts = model->reconstruct(ModelInput{x, {}}, seeded(1));
  ASSERT_EQ(parts.targets.sizes().vec(), (std::vector<int64_t>{2, 8, 16}));
  EXPECT_TRUE(torch::equal(parts.targets[1][3], x[1].narrow(1, 24, 8).reshape({16})));
  EXPECT_EQ(parts.predictions.sizes(), parts.targets.sizes());
}

TEST(MaskedPatchModel, SpectrumTargetsAreEachChannelsLogMagnitudeOverTheToken) {
  PretrainOptions options;
  options.normalize_targets = false;
  options.target = "spectrum";
  auto model = pretraining(options);
  EXPECT_EQ(model->patch_values(), 2 * (8 / 2 + 1));
  const torch::Tensor x = torch::randn({2, 2, 64});
  const auto parts = model->reconstruct(ModelInput{x, {}}, seeded(1));
  ASSERT_EQ(parts.targets.sizes().vec(), (std::vector<int64_t>{2, 8, 10}));
  const torch::Tensor samples = x[1].narrow(1, 24, 8);  // token 3, both channels
  const torch::Tensor expected = torch::log1p(torch::fft::rfft(samples, c10::nullopt, -1).abs()).reshape({10});
  EXPECT_TRUE(torch::allclose(parts.targets[1][3], expected, 1e-5, 1e-6));
  // A shifted copy of a sinusoid has the same target: the phase is not asked for.
  const torch::Tensor t = torch::arange(64, torch::kFloat32);
  const torch::Tensor wave = torch::stack({torch::sin(t * 1.5708f), torch::sin(t * 1.5708f + 1.0f)}).unsqueeze(0);
  const auto shifted = model->reconstruct(ModelInput{wave, {}}, seeded(1));
  EXPECT_TRUE(torch::allclose(shifted.targets[0][2].narrow(0, 0, 5), shifted.targets[0][2].narrow(0, 5, 5), 1e-4, 1e-4));
}

TEST(MaskedPatchModel, AnImagesTokensAreItsGridCells) {
  torch::manual_seed(5);
  auto vit = std::dynamic_pointer_cast<VisionTransformer>(model_from_yaml(R"(model:
  input_shape: [3, 16, 24]
  num_classes: 3
  embedder: {name: conv2d_image, patch_size: 8}
  encoder: {embed_dim: 16, depth: 1, num_heads: 2}
)"));
  PretrainOptions options;
  options.normalize_targets = false;
  MaskedPatchModel model(vit, options);
  EXPECT_EQ(model.patch_values(), 3 * 8 * 8);
  const torch::Tensor x = torch::randn({2, 3, 16, 24});
  const auto parts = model.reconstruct(ModelInput{x, {}}, seeded(1));
  ASSERT_EQ(parts.targets.sizes().vec(), (std::vector<int64_t>{2, 6, 192}));
  // Token 4: row 1, column 1 of the 2x3 grid.
  EXPECT_TRUE(torch::equal(parts.targets[1][4], x[1].narrow(1, 8, 8).narrow(2, 8, 8).reshape({192})));
  EXPECT_EQ(parts.hidden.sum().item<int64_t>(), 2 * 2);  // round(0.4 * 6) per image
  options.masking.shape = MaskShape::spans;
  EXPECT_NE(testing::error_of([&] { MaskedPatchModel(vit, options); }).find("use 'random' for images"),
            std::string::npos);
}

TEST(MaskedPatchModel, PaddingChangesNothingAndIsNeverATarget) {
  auto model = pretraining();
  model->eval();
  torch::manual_seed(2);
  const torch::Tensor x = torch::randn({3, 2, 64});
  const torch::Tensor lengths = torch::tensor({64, 30, 9}, torch::kInt64);
  torch::Tensor other = x.clone();
  other[1].narrow(1, 30, 34).normal_(0, 100);
  other[2].narrow(1, 9, 55).fill_(std::numeric_limits<float>::quiet_NaN());
  torch::NoGradGuard no_grad;
  const auto first = model->reconstruct(ModelInput{x, lengths}, seeded(4));
  const auto second = model->reconstruct(ModelInput{other, lengths}, seeded(4));
  EXPECT_TRUE(torch::equal(first.hidden, second.hidden));
  EXPECT_TRUE(std::isfinite(second.loss.item<double>()));
  EXPECT_NEAR(first.loss.item<double>(), second.loss.item<double>(), 1e-6);
  // Tokens 4.. of the second signal and 2.. of the third hold padding only.
  EXPECT_EQ(testing::values(first.valid.sum(1)), (std::vector<int64_t>{8, 4, 2}));
  EXPECT_FALSE((first.hidden & first.valid.logical_not()).any().item<bool>());
}

TEST(MaskedPatchModel, TheReconstructionLossFallsOnToySignals) {
  auto model = pretraining();
  model->train();
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(3e-3));
  // Four smooth shapes, noisy copies of them: what is hidden can be told
  // from what is visible once the shapes are learnt.
  torch::manual_seed(0);
  const torch::Tensor time = torch::arange(64, torch::kFloat32).div(64.0);
  const torch::Tensor frequency = torch::tensor({1.0f, 2.0f, 3.0f, 5.0f}).view({4, 1, 1});
  const torch::Tensor shapes = torch::sin(frequency * 6.283 * time + torch::rand({4, 2, 1}) * 6.283);
  const auto batch = [&] {
    return shapes.index_select(0, torch::randint(4, {16})) + 0.05 * torch::randn({16, 2, 64});
  };
  double first = 0, last = 0;
  for (int64_t step = 0; step < 300; ++step) {
    optimizer.zero_grad();
    const torch::Tensor loss = model->forward(ModelInput{batch(), {}}).loss;
    loss.backward();
    optimizer.step();
    if (step < 10) first += loss.item<double>() / 10;
    if (step >= 290) last += loss.item<double>() / 10;
  }
  EXPECT_LT(last, 0.3 * first) << "first steps " << first << ", last steps " << last;
  std::cout << "reconstruction loss: first steps " << first << ", last steps " << last << "\n";
}

TEST(MaskedPatchModel, ItsCheckpointLoadsIntoTheClassifierAndFineTuningStartsFromIt) {
  auto model = pretraining();
  {
    torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.5));
    const torch::Tensor loss = model->forward(ModelInput{torch::randn({4, 2, 64}), {}}).loss;
    loss.backward();
    optimizer.step();
  }
  const std::string path =
      (std::filesystem::temp_directory_path() / ("sigvit_pretrain_" + std::to_string(::getpid()) + ".ckpt")).string();
  CheckpointContent content;
  content.card.config_yaml = signal_vit;
  content.card.class_names = {"a", "b", "c"};
  save_checkpoint(path, content, *model, nullptr);

  torch::manual_seed(11);
  auto classifier = model_from_yaml(signal_vit);
  torch::manual_seed(11);
  auto fresh = model_from_yaml(signal_vit);
  PretrainedOptions options;
  options.path = path;
  options.strict = true;
  const ImportReport report = import_pretrained(*classifier, options);
  std::filesystem::remove(path);
  EXPECT_EQ(report.format, WeightFormat::checkpoint);
  EXPECT_EQ(report.loaded.size(), classifier->named_parameters().size() + classifier->named_buffers().size());

  // The same weights copied by hand.
  auto manual = model_from_yaml(signal_vit);
  {
    torch::NoGradGuard no_grad;
    for (auto& item : manual->named_parameters()) item.value().copy_(model->named_parameters()[item.key()]);
  }
  const torch::Tensor x = torch::randn({3, 2, 64});
  torch::NoGradGuard no_grad;
  for (auto* each : {classifier.get(), fresh.get(), manual.get()}) each->eval();
  const torch::Tensor imported = classifier->forward(ModelInput{x, {}}).logits;
  EXPECT_TRUE(torch::equal(imported, manual->forward(ModelInput{x, {}}).logits));
  EXPECT_FALSE(torch::allclose(imported, fresh->forward(ModelInput{x, {}}).logits));
}

}  // namespace
}  // namespace sigvit
