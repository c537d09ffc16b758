#include "test_support.h"

#include <torch/torch.h>

#include "model/layers/attention_core.h"
#include "runtime/threads.h"

namespace sigvit {
namespace {

using testing::model_from_yaml;

torch::Tensor no_dropout(torch::Tensor weights) { return weights; }

// [B, 1, 1, N]: 0 for the first `valid` keys of each sample, the lowest float after.
torch::Tensor key_bias_for(const std::vector<int64_t>& valid, int64_t tokens) {
  auto bias = torch::zeros({static_cast<int64_t>(valid.size()), 1, 1, tokens});
  for (size_t i = 0; i < valid.size(); ++i) {
    bias[static_cast<int64_t>(i)].narrow(-1, valid[i], tokens - valid[i]).fill_(std::numeric_limits<float>::lowest());
  }
  return bias;
}

struct ForwardAndGrad {
  torch::Tensor output, grad;
};

template <typename Attention>
ForwardAndGrad run(const torch::Tensor& qkv_values, const torch::Tensor& upstream, Attention attention) {
  auto qkv = qkv_values.clone().requires_grad_(true);
  auto output = attention(qkv);
  (output * upstream).sum().backward();
  return {output.detach(), qkv.grad()};
}

void expect_fused_matches_reference(const torch::Tensor& key_bias) {
  torch::manual_seed(3);
  const int64_t batch = 3, tokens = 7, heads = 3, dim = 12;
  const double scale = 0.4;
  const auto qkv = torch::randn({batch, tokens, 3 * dim});
  const auto upstream = torch::randn({batch, tokens, dim});
  ASSERT_TRUE(fused_attention_applies(qkv));
  const auto reference = run(qkv, upstream, [&](const torch::Tensor& x) {
    return reference_attention(x, key_bias, heads, scale, no_dropout);
  });
  const auto fused = run(qkv, upstream, [&](const torch::Tensor& x) { return fused_attention(x, key_bias, heads, scale); });
  EXPECT_TRUE(torch::allclose(fused.output, reference.output, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(fused.grad, reference.grad, 1e-5, 1e-6))
      << "largest gradient difference " << (fused.grad - reference.grad).abs().max().item<float>();
  // The check has teeth: the reference's gradient reaches q, k and v.
  EXPECT_GT(reference.grad.abs().sum().item<float>(), 0.0f);
}

TEST(FusedAttention, MatchesTheReferencePathForwardAndBackward) { expect_fused_matches_reference({}); }

TEST(FusedAttention, MatchesTheReferencePathWithPaddedKeys) {
  const auto bias = key_bias_for({7, 4, 1}, 7);
  expect_fused_matches_reference(bias);
  // Padded keys get no gradient through values: their weights are exactly zero.
  torch::manual_seed(5);
  auto qkv = torch::randn({3, 7, 36}).requires_grad_(true);
  fused_attention(qkv, bias, 3, 0.4).sum().backward();
  auto value_grad = qkv.grad()[2].narrow(0, 1, 6).narrow(1, 24, 12);
  EXPECT_EQ(value_grad.abs().sum().item<float>(), 0.0f);
}

// Without gradients the kernel runs outside autograd (nothing is saved for a
// backward); its output must not change with that.
TEST(FusedAttention, InferenceGivesTheTrainingPathsOutput) {
  torch::manual_seed(13);
  const auto qkv = torch::randn({4, 6, 36});
  const auto bias = key_bias_for({6, 3, 6, 1}, 6);
  const auto tracked = fused_attention(qkv.clone().requires_grad_(true), bias, 3, 0.4);
  ASSERT_TRUE(tracked.requires_grad());
  torch::Tensor untracked;
  {
    c10::InferenceMode inference;
    untracked = fused_attention(qkv, bias, 3, 0.4);
  }
  EXPECT_FALSE(untracked.requires_grad());
  EXPECT_TRUE(torch::equal(untracked, tracked.detach()));
  const auto reference = reference_attention(qkv, bias, 3, 0.4, no_dropout);
  EXPECT_TRUE(torch::allclose(untracked, reference, 1e-5, 1e-6));
}

TEST(FusedAttention, GivesTheSameResultOnOneThreadAndOnTwo) {
  torch::manual_seed(11);
  const auto qkv = torch::randn({5, 9, 48});
  const auto upstream = torch::randn({5, 9, 16});
  const int threads_before = at::get_num_threads();
  configure_threads(1);
  const auto one = run(qkv, upstream, [](const torch::Tensor& x) { return fused_attention(x, {}, 2, 0.25); });
  configure_threads(2);
  const auto two = run(qkv, upstream, [](const torch::Tensor& x) { return fused_attention(x, {}, 2, 0.25); });
  configure_threads(threads_before);
  EXPECT_TRUE(torch::equal(one.output, two.output));
  EXPECT_TRUE(torch::equal(one.grad, two.grad));
}

TEST(FusedAttention, AppliesToCpuFloat32Only) {
  EXPECT_TRUE(fused_attention_applies(torch::zeros({2, 3, 12})));
  EXPECT_FALSE(fused_attention_applies(torch::zeros({2, 3, 12}, torch::kDouble)));
  EXPECT_FALSE(fused_attention_applies(torch::zeros({2, 3, 12}, torch::kHalf)));
}

// The whole model: the same weights through the fused kernel and through the
// op-by-op path give the same logits and the same parameter gradients, with
// padded signals in the batch.
TEST(FusedAttention, AViTTrainsTheSameWithAndWithoutIt) {
  const std::string yaml =
      "model:\n  input_shape: [1, 120]\n  num_classes: 4\n"
      "  embedder: {name: conv1d_signal, patch_size: 10}\n"
      "  encoder: {embed_dim: 24, depth: 2, num_heads: 3, drop_path_rate: 0.0}\n";
  torch::manual_seed(7);
  auto fused = model_from_yaml(yaml);
  torch::manual_seed(7);
  auto reference = model_from_yaml(yaml, {"model.encoder.fused_attention=false"});
  const auto x = torch::randn({4, 1, 120});
  const auto lengths = torch::tensor({120, 70, 120, 35}, torch::kLong);
  const auto y = torch::tensor({0, 1, 2, 3}, torch::kLong);

  std::vector<torch::Tensor> outputs;
  for (auto* model : {fused.get(), reference.get()}) {
    model->train();
    auto logits = model->forward(ModelInput{x, lengths}).logits;
    torch::nn::functional::cross_entropy(logits, y).backward();
    outputs.push_back(logits.detach());
  }
  EXPECT_TRUE(torch::allclose(outputs[0], outputs[1], 1e-5, 1e-5));
  const auto fused_params = fused->named_parameters();
  const auto reference_params = reference->named_parameters();
  for (const auto& parameter : fused_params) {
    const auto& other = reference_params[parameter.key()];
    ASSERT_TRUE(parameter.value().grad().defined()) << parameter.key();
    EXPECT_TRUE(torch::allclose(parameter.value().grad(), other.grad(), 1e-4, 1e-6)) << parameter.key();
  }
}

}  // namespace
}  // namespace sigvit
