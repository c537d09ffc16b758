// Attention rollout on constructed attention maps, its mapping back onto
// samples and pixels, and the recording of a ViT's attention weights.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "checkpoint/checkpoint.h"
#include "explain/attention_rollout.h"
#include "explain/explain_inputs.h"
#include "model/layers/attention_recording.h"
#include "test_support.h"

namespace sigvit {
namespace {

// [B, heads, N, N] maps that are the identity in every head.
torch::Tensor identity_maps(int64_t batch, int64_t heads, int64_t tokens) {
  return torch::eye(tokens).expand({batch, heads, tokens, tokens}).clone();
}

TEST(AttentionRollout, IdentityAttentionGivesUniformRelevance) {
  const std::vector<torch::Tensor> maps(3, identity_maps(2, 4, 7));
  const torch::Tensor mean_pooled = attention_rollout(maps, {}, 1, /*cls_pooling=*/false);
  ASSERT_EQ(mean_pooled.sizes().vec(), (std::vector<int64_t>{2, 6}));
  EXPECT_TRUE(torch::allclose(mean_pooled, torch::full({2, 6}, 1.0 / 6)));
  // Nothing flows from the patches to a cls token that attends to itself only.
  EXPECT_TRUE(torch::equal(attention_rollout(maps, {}, 1, true), torch::zeros({2, 6})));
}

TEST(AttentionRollout, AClsTokenAttendingToOneTokenPutsTheRelevanceOnItsSamples) {
  const int64_t tokens = 1 + 5, k = 3;
  torch::Tensor map = identity_maps(1, 2, tokens);
  map[0].select(1, 0).zero_();
  map[0].select(1, 0).select(1, 1 + k).fill_(1.0);  // row 0 (cls) puts all weight on patch k
  const torch::Tensor relevance = attention_rollout({map, identity_maps(1, 2, tokens)}, {}, 1, true);
  torch::Tensor expected = torch::zeros({1, 5});
  expected[0][k] = 1.0;
  EXPECT_TRUE(torch::allclose(relevance, expected));

  const torch::Tensor samples = relevance_over_input(relevance, {5}, {1, 50});
  ASSERT_EQ(samples.sizes().vec(), (std::vector<int64_t>{1, 50}));
  EXPECT_EQ(samples.narrow(1, 30, 10).sum().item<float>(), 10.0f);  // patch 3 covers samples 30..39
  EXPECT_EQ(samples.sum().item<float>(), 10.0f);
}

TEST(AttentionRollout, ImageTokensCoverTheirPatchOfPixels) {
  torch::Tensor relevance = torch::zeros({1, 4});
  relevance[0][2] = 1.0;  // row 1, column 0 of a 2x2 grid
  const torch::Tensor pixels = relevance_over_input(relevance, {2, 2}, {3, 8, 8});
  ASSERT_EQ(pixels.sizes().vec(), (std::vector<int64_t>{1, 8, 8}));
  EXPECT_EQ(pixels[0].narrow(0, 4, 4).narrow(1, 0, 4).sum().item<float>(), 16.0f);
  EXPECT_EQ(pixels.sum().item<float>(), 16.0f);
}

TEST(AttentionRollout, PaddedTokensGetNoRelevance) {
  // Token 4 (the last patch) is padding: no query attends to it.
  torch::Tensor map = torch::full({1, 1, 5, 5}, 0.25);
  map.select(3, 4).zero_();
  const torch::Tensor valid = torch::tensor({true, true, true, true, false}).unsqueeze(0);
  const torch::Tensor relevance = attention_rollout({map, map}, valid, 1, /*cls_pooling=*/false);
  EXPECT_EQ(relevance[0][3].item<float>(), 0.0f);
  EXPECT_NEAR(relevance.sum().item<float>(), 1.0f, 1e-6);
  EXPECT_TRUE(torch::allclose(relevance.narrow(1, 0, 3), torch::full({1, 3}, 1.0 / 3)));
}

const char* const signal_vit = R"(model:
  input_shape: [1, 64]
  num_classes: 3
  embedder: {name: conv1d_signal, patch_size: 8}
  encoder: {embed_dim: 16, depth: 3, num_heads: 2, fused_attention: FUSED}
)";

struct Recorded {
  std::vector<torch::Tensor> maps;
  torch::Tensor valid;
};

Recorded recorded(bool fused, const torch::Tensor& x, const torch::Tensor& lengths) {
  std::string yaml = signal_vit;
  yaml.replace(yaml.find("FUSED"), 5, fused ? "true" : "false");
  torch::manual_seed(4);
  auto model = testing::model_from_yaml(yaml);
  model->eval();
  torch::NoGradGuard no_grad;
  AttentionRecording recording;
  model->forward(ModelInput{x, lengths});
  return {recording.maps(), recording.valid_tokens()};
}

TEST(AttentionRecording, BothAttentionCoresHandOutTheSameWeightsAndPaddingGetsNone) {
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({2, 1, 64});
  const torch::Tensor lengths = torch::tensor({64, 20}, torch::kInt64);
  const Recorded fused_run = recorded(true, x, lengths);
  const std::vector<torch::Tensor>& fused = fused_run.maps;
  const std::vector<torch::Tensor> reference = recorded(false, x, lengths).maps;
  ASSERT_EQ(fused.size(), 3u);
  ASSERT_EQ(reference.size(), 3u);
  for (size_t layer = 0; layer < 3; ++layer) {
    EXPECT_EQ(fused[layer].sizes().vec(), (std::vector<int64_t>{2, 2, 9, 9}));
    EXPECT_TRUE(torch::allclose(fused[layer], reference[layer], 1e-5, 1e-6)) << "layer " << layer;
    EXPECT_TRUE(torch::allclose(fused[layer].sum(-1), torch::ones({2, 2, 9}), 1e-5, 1e-5));
  }
  // The second signal's 20 samples fill 3 patches: keys 4..8 (cls + 3 patches valid) get no weight.
  EXPECT_EQ(fused[0][1].narrow(2, 4, 5).abs().sum().item<float>(), 0.0f);
  EXPECT_EQ(testing::values(fused_run.valid[1]), (std::vector<int64_t>{1, 1, 1, 1, 0, 0, 0, 0, 0}));
  const torch::Tensor relevance = attention_rollout(fused, fused_run.valid, 1, true);
  EXPECT_EQ(relevance[1].narrow(0, 3, 5).abs().sum().item<float>(), 0.0f);
  EXPECT_NEAR(relevance[1].sum().item<float>(), 1.0f, 1e-5);
}

TEST(AttentionRecording, NothingIsRecordedWithoutARecording) {
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({1, 1, 64});
  recorded(true, x, {});
  // A recording made afterwards starts empty: nothing lingered from other forwards.
  AttentionRecording recording;
  EXPECT_TRUE(recording.maps().empty());
}

TEST(Explain, ACheckpointWithoutAttentionIsRefused) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("sigvit_explain_" + std::to_string(::getpid()) + ".ckpt")).string();
  CheckpointContent content;
  content.card.config_yaml = "model: {type: fcn, input_shape: [1, 64], num_classes: 2, channels: [4, 4, 4]}\n";
  content.card.class_names = {"a", "b"};
  save_checkpoint(path, content, *testing::model_from_yaml(content.card.config_yaml), nullptr);
  const Predictor predictor(path, torch::kCPU);
  std::string problem;
  const std::string message =
      testing::error_of([&] { explain_inputs(predictor, {"unread.wav"}, ExplainOptions{}, &problem); });
  std::filesystem::remove(path);
  EXPECT_EQ(message, "explain: the checkpoint's model is not a ViT; attention maps need one");
}

}  // namespace
}  // namespace sigvit
