#include "padding_support.h"
#include "test_support.h"

#include <torch/torch.h>

#include "model/layers/drop_path.h"
#include "model/layers/init.h"
#include "model/vit/transformer_encoder.h"
#include "model/vit/vision_transformer.h"

namespace sigvit {
namespace {

using testing::error_of;
using testing::model_from_yaml;
using ::testing::HasSubstr;

std::string signal_vit(const std::string& extra_model_keys = "", const std::string& embedder = "conv1d_signal") {
  return "model:\n"
         "  input_shape: [2, 200]\n"
         "  num_classes: 5\n" +
         extra_model_keys +
         "  embedder: {name: " + embedder + ", patch_size: 10, pad_to_patch: true}\n"
         "  encoder: {embed_dim: 32, depth: 2, num_heads: 4}\n";
}

torch::Tensor logits(Classifier& model, const torch::Tensor& x, const torch::Tensor& lengths = {}) {
  torch::NoGradGuard no_grad;
  return model.forward(ModelInput{x, lengths}).logits;
}

TEST(VisionTransformer, A1DViTOn8000SamplesWithPatch80Has100PatchTokensAndACls) {
  auto model = model_from_yaml(
      "model:\n  input_shape: [1, 8000]\n  num_classes: 10\n  embedder: {name: conv1d_signal, patch_size: 80}\n"
      "  encoder: {embed_dim: 64, depth: 1, num_heads: 2}\n");
  auto& vit = dynamic_cast<VisionTransformer&>(*model);
  EXPECT_EQ(vit.layout().num_tokens(), 100);
  EXPECT_EQ(vit.num_prefix_tokens(), 1);
  EXPECT_EQ(model->named_parameters()["pos_embed.table"].sizes(), (std::vector<int64_t>{1, 101, 64}));
  model->eval();
  EXPECT_EQ(logits(*model, torch::randn({3, 1, 8000})).sizes(), (std::vector<int64_t>{3, 10}));
}

TEST(VisionTransformer, ConfiguredLengthNotDivisibleByPatchIsAnError) {
  std::string message = error_of([] {
    model_from_yaml("model:\n  input_shape: [1, 8001]\n  num_classes: 10\n  embedder: {name: conv1d_signal, patch_size: 80}\n"
                    "  encoder: {embed_dim: 64, depth: 1, num_heads: 2}\n");
  });
  EXPECT_THAT(message, HasSubstr("input length 8001 is not divisible by patch_size 80"));
}

// The same signals, unpadded, padded with garbage, padded with other garbage,
// and padded with NaN and inf.
void expect_padding_changes_no_logit(Classifier& model) {
  model.eval();
  torch::manual_seed(3);
  const std::vector<int64_t> lengths{200, 127, 40, 1};
  auto padded = torch::randn({4, 2, 200});
  auto other_garbage = padded.clone();
  for (size_t i = 0; i < lengths.size(); ++i) {
    other_garbage[i].narrow(1, lengths[i], 200 - lengths[i]).normal_(0, 100);
  }
  auto length_tensor = torch::tensor(lengths);
  auto batched = logits(model, padded, length_tensor);
  EXPECT_TRUE(torch::allclose(batched, logits(model, other_garbage, length_tensor), 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(batched, logits(model, testing::with_non_finite_padding(padded, lengths), length_tensor),
                              1e-5, 1e-5));
  for (size_t i = 0; i < lengths.size(); ++i) {
    auto alone = logits(model, padded[i].narrow(1, 0, lengths[i]).unsqueeze(0));
    EXPECT_TRUE(torch::allclose(batched[i], alone[0], 1e-5, 1e-5)) << "sample " << i << " of length " << lengths[i];
  }
}

TEST(VisionTransformer, PaddingChangesNoLogitWithClsPooling) { expect_padding_changes_no_logit(*model_from_yaml(signal_vit())); }

TEST(VisionTransformer, PaddingChangesNoLogitWithMeanPooling) {
  expect_padding_changes_no_logit(*model_from_yaml(signal_vit("  pooling: mean\n  class_token: false\n")));
  expect_padding_changes_no_logit(*model_from_yaml(signal_vit("  pooling: mean\n")));
}

std::shared_ptr<Classifier> resnet_hybrid_vit(const std::string& extra_options) {
  auto model = model_from_yaml(
      "model:\n  input_shape: [2, 200]\n  num_classes: 5\n"
      "  embedder: {name: resnet_stem_hybrid, stem_channels: 8, stem_kernel: 5, stage_channels: [8, 16], "
      "stage_blocks: [1, 1]" + extra_options + "}\n"
      "  encoder: {embed_dim: 32, depth: 2, num_heads: 4}\n");
  // Random BatchNorm statistics, so that a leak through shifted zeros would show.
  for (auto& buffer : model->named_buffers()) {
    if (buffer.key().find("running_mean") != std::string::npos) buffer.value().normal_();
  }
  return model;
}

TEST(VisionTransformer, PaddingChangesNoLogitThroughTheResnetHybrid) {
  expect_padding_changes_no_logit(*resnet_hybrid_vit(""));
  // Wider kernels reach further into the padding; the strided first one moves the valid length.
  expect_padding_changes_no_logit(*resnet_hybrid_vit(", stem_pool: false, block_kernels: [7, 5, 3]"));
}

std::shared_ptr<Classifier> conv_stem_vit(const std::string& stem_options) {
  auto model = model_from_yaml("model:\n  input_shape: [2, 200]\n  num_classes: 5\n"
                               "  embedder: {name: conv_stem_signal, channels: [8, 16], " +
                               stem_options + "}\n  encoder: {embed_dim: 32, depth: 2, num_heads: 4}\n");
  // Random BatchNorm statistics, so that a leak through shifted zeros would show.
  for (auto& buffer : model->named_buffers()) {
    if (buffer.key().find("running_mean") != std::string::npos) buffer.value().normal_();
  }
  return model;
}

TEST(VisionTransformer, PaddingChangesNoLogitThroughTheConvolutionalStem) {
  expect_padding_changes_no_logit(*conv_stem_vit("strides: [2, 2]"));
  // Even kernels shift the windows: the valid positions follow the convolution's own arithmetic.
  expect_padding_changes_no_logit(*conv_stem_vit("strides: [2, 3], kernel_sizes: [4, 6]"));
}

TEST(VisionTransformer, TheConvolutionalStemMakesOneTokenPerStrideProduct) {
  auto model = conv_stem_vit("strides: [2, 4]");
  EXPECT_EQ(dynamic_cast<VisionTransformer&>(*model).layout().grid, (std::vector<int64_t>{25}));
  EXPECT_THAT(error_of([] { conv_stem_vit("strides: [2]"); }),
              HasSubstr("embedder.strides: expected as many entries as channels (2)"));
  EXPECT_THAT(error_of([] { conv_stem_vit("strides: [4, 4], kernel_sizes: [3, 9]"); }),
              HasSubstr("a kernel narrower than its stride (3 < 4) skips samples"));
}

TEST(VisionTransformer, PaddedKeysReceiveNoAttention) {
  EncoderOptions options;
  options.embed_dim = 16;
  options.depth = 2;
  options.num_heads = 2;
  TransformerEncoder encoder(options);
  encoder->eval();
  auto tokens = torch::randn({1, 6, 16});
  auto valid = torch::tensor({true, true, true, true, false, false}).unsqueeze(0);
  auto changed = tokens.clone();
  changed.narrow(1, 4, 2).normal_(0, 50);
  torch::NoGradGuard no_grad;
  auto a = encoder->forward(tokens, valid).narrow(1, 0, 4);
  auto b = encoder->forward(changed, valid).narrow(1, 0, 4);
  EXPECT_TRUE(torch::allclose(a, b, 1e-6, 1e-6));
  auto unmasked = encoder->forward(changed).narrow(1, 0, 4);
  EXPECT_FALSE(torch::allclose(a, unmasked, 1e-3, 1e-3));
}

TEST(DropPath, IsTheIdentityInEvalAndDropsWholeSamplesInTraining) {
  DropPath drop(0.5);
  auto x = torch::ones({64, 3, 4});
  drop->eval();
  EXPECT_TRUE(torch::equal(drop->forward(x), x));
  drop->train();
  torch::manual_seed(0);
  auto y = drop->forward(x);
  auto per_sample = y.flatten(1);
  auto kept = per_sample.eq(2.0).all(1), dropped = per_sample.eq(0.0).all(1);
  EXPECT_TRUE(kept.logical_or(dropped).all().item<bool>());
  EXPECT_GT(kept.sum().item<int64_t>(), 0);
  EXPECT_GT(dropped.sum().item<int64_t>(), 0);
}

TEST(VisionTransformer, StochasticPartsAreOffInEvalAndOnInTraining) {
  auto model = model_from_yaml(signal_vit(), {"model.encoder.drop_path_rate=0.5", "model.encoder.drop_rate=0.2",
                                              "model.encoder.attn_drop_rate=0.2"});
  auto x = torch::randn({4, 2, 200});
  model->eval();
  EXPECT_TRUE(torch::equal(logits(*model, x), logits(*model, x)));
  model->train();
  EXPECT_FALSE(torch::equal(logits(*model, x), logits(*model, x)));
}

TEST(VisionTransformer, TheSameSeedGivesTheSameModelAndForward) {
  auto x = torch::randn({2, 2, 200});
  auto run = [&](uint64_t seed) {
    torch::manual_seed(seed);
    auto model = model_from_yaml(signal_vit(), {"model.encoder.drop_path_rate=0.3"});
    model->train();
    return logits(*model, x);
  };
  EXPECT_TRUE(torch::equal(run(11), run(11)));
  EXPECT_FALSE(torch::equal(run(11), run(12)));
}

TEST(VisionTransformer, DistillationHeadIsSeparateInTrainingAndAveragedInEval) {
  auto model = model_from_yaml(signal_vit("  distillation: true\n"));
  auto x = torch::randn({3, 2, 200});
  torch::NoGradGuard no_grad;
  model->train();  // no dropout configured, so training mode is deterministic here
  ModelOutput training = model->forward({x, {}});
  ASSERT_TRUE(training.distill_logits.defined());
  EXPECT_FALSE(torch::allclose(training.logits, training.distill_logits));
  model->eval();
  ModelOutput evaluation = model->forward({x, {}});
  EXPECT_FALSE(evaluation.distill_logits.defined());
  EXPECT_TRUE(torch::allclose(evaluation.logits, (training.logits + training.distill_logits) / 2, 1e-6, 1e-6));
  EXPECT_EQ(model->named_parameters()["pos_embed.table"].size(1), 2 + 20);
}

TEST(VisionTransformer, ZeroClassesGivesAFeatureExtractor) {
  auto model = model_from_yaml(signal_vit(), {"model.num_classes=0"});
  model->eval();
  torch::NoGradGuard no_grad;
  ModelOutput out = model->forward({torch::randn({3, 2, 200}), {}});
  EXPECT_FALSE(out.logits.defined());
  EXPECT_EQ(out.features.sizes(), (std::vector<int64_t>{3, 32}));
  EXPECT_EQ(model->named_parameters().find("head.weight"), nullptr);
}

TEST(VisionTransformer, RepresentationLayerIsATanhPreLogit) {
  auto model = model_from_yaml(signal_vit("  representation_size: 24\n"));
  model->eval();
  torch::NoGradGuard no_grad;
  ModelOutput out = model->forward({torch::randn({3, 2, 200}) * 10, {}});
  EXPECT_EQ(out.features.sizes(), (std::vector<int64_t>{3, 24}));
  EXPECT_LE(out.features.abs().max().item<float>(), 1.0f);
  EXPECT_EQ(model->named_parameters()["head.weight"].sizes(), (std::vector<int64_t>{5, 24}));
}

TEST(VisionTransformer, SinusoidalPositionsAreFixed) {
  auto learnable = model_from_yaml(signal_vit());
  auto sinusoidal = model_from_yaml(signal_vit("  position_embedding: sinusoidal\n"));
  EXPECT_EQ(sinusoidal->named_parameters().find("pos_embed.table"), nullptr);
  int64_t difference = 0;
  for (const auto& p : learnable->parameters()) difference += p.numel();
  for (const auto& p : sinusoidal->parameters()) difference -= p.numel();
  EXPECT_EQ(difference, 21 * 32);
}

// [B, C, L] cut into patches of `patch` samples, reordered by `order`.
torch::Tensor reorder_patches(const torch::Tensor& x, int64_t patch, const torch::Tensor& order) {
  const auto sizes = x.sizes();
  return x.reshape({sizes[0], sizes[1], sizes[2] / patch, patch}).index_select(2, order).reshape(sizes);
}

TEST(VisionTransformer, WithoutPositionsAndWithMeanPoolingTheOrderOfPatchesIsInvisible) {
  const std::string keys = "  pooling: mean\n  class_token: false\n";
  auto unordered = model_from_yaml(signal_vit(keys + "  position_embedding: none\n"));
  auto ordered = model_from_yaml(signal_vit(keys + "  position_embedding: sinusoidal\n"));
  EXPECT_EQ(unordered->named_buffers().find("pos_embed.table"), nullptr);
  EXPECT_EQ(unordered->named_parameters().find("pos_embed.table"), nullptr);
  unordered->eval();
  ordered->eval();
  torch::manual_seed(4);
  const auto x = torch::randn({3, 2, 200});
  const auto shuffled = reorder_patches(x, 10, torch::randperm(20));
  EXPECT_TRUE(torch::allclose(logits(*unordered, x), logits(*unordered, shuffled), 1e-4, 1e-5));
  EXPECT_FALSE(torch::allclose(logits(*ordered, x), logits(*ordered, shuffled), 1e-4, 1e-5));
}

TEST(VisionTransformer, DynamicImageSizeResamplesPositionEmbeddings) {
  const std::string yaml =
      "model:\n  input_shape: [1, 32, 32]\n  num_classes: 3\n"
      "  embedder: {name: conv2d_image, patch_size: 8, dynamic_size: true}\n"
      "  encoder: {embed_dim: 32, depth: 1, num_heads: 2}\n";
  auto model = model_from_yaml(yaml);
  model->eval();
  EXPECT_EQ(logits(*model, torch::randn({2, 1, 48, 64})).sizes(), (std::vector<int64_t>{2, 3}));
  auto fixed = model_from_yaml(yaml, {"model.embedder.dynamic_size=false"});
  EXPECT_THAT(error_of([&] { logits(*fixed, torch::randn({2, 1, 48, 64})); }),
              HasSubstr("input image size (48x64) doesn't match the model (32x32)"));
}

TEST(VisionTransformer, ModelConfigErrorsNameTheKey) {
  EXPECT_THAT(error_of([] { model_from_yaml(signal_vit(), {"model.pooling=max"}); }),
              HasSubstr("--set model.pooling=max: model.pooling: expected 'cls' or 'mean', got 'max'"));
  EXPECT_THAT(error_of([] { model_from_yaml(signal_vit(), {"model.position_embedding=relative"}); }),
              HasSubstr("model.position_embedding: expected 'learnable', 'sinusoidal' or 'none', got 'relative'"));
  EXPECT_THAT(error_of([] { model_from_yaml(signal_vit(), {"model.encoder.num_heads=5"}); }),
              HasSubstr("embed_dim 32 must be divisible by num_heads 5"));
  EXPECT_THAT(error_of([] { model_from_yaml(signal_vit(), {"model.encoder.depht=3"}); }),
              HasSubstr("unknown key 'depht' (did you mean 'depth'?)"));
  EXPECT_THAT(error_of([] { model_from_yaml(signal_vit(), {"model.embedder.name=conv1d_signl"}); }),
              HasSubstr("unknown embedder 'conv1d_signl' (did you mean 'conv1d_signal'?); registered embedders: "
                        "conv1d_signal, conv2d_image, conv_stem_signal, resnet_stem_hybrid"));
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

TEST(TruncNormal, FillsWithinItsBoundsAndIsSkippedWhileWeightsAreToBeLoaded) {
  torch::manual_seed(0);
  torch::Tensor values = torch::full({4000}, 7.0);
  {
    const SkipRandomInit loading;
    trunc_normal_(values, 1.0, -1.5, 1.5);
    EXPECT_TRUE(torch::equal(values, torch::full({4000}, 7.0)));
  }
  trunc_normal_(values, 1.0, -1.5, 1.5);
  EXPECT_LE(values.abs().max().item<double>(), 1.5);
  EXPECT_NEAR(values.mean().item<double>(), 0.0, 0.1);
  EXPECT_GT(values.std().item<double>(), 0.5);
}

}  // namespace
}  // namespace sigvit
