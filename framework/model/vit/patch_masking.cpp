#include "model/vit/patch_masking.h"

#include <cmath>

namespace sigvit {
namespace {

// Per sample, how many of its valid tokens to hide: [B, 1] int64.
torch::Tensor hidden_counts(double ratio, const torch::Tensor& valid) {
  const torch::Tensor available = valid.sum(1, /*keepdim=*/true);
  torch::Tensor wanted = torch::round(available.to(torch::kFloat64) * ratio).to(torch::kInt64);
  // One visible and one hidden token at least, where a sample has two.
  const torch::Tensor upper = (available - 1).clamp_min(0);
  return torch::minimum(wanted.clamp_min(1), upper);
}

// Ranks 0..n-1 of each row's scores, smallest first.
torch::Tensor ranks_of(const torch::Tensor& scores) {
  return scores.argsort(/*dim=*/1, /*descending=*/false).argsort(/*dim=*/1, /*descending=*/false);
}

}  // namespace

torch::Tensor sample_token_mask(const MaskingOptions& options, int64_t batch, int64_t tokens,
                                const torch::Tensor& valid_tokens, c10::optional<at::Generator> generator) {
  const torch::Tensor valid = valid_tokens.defined() ? valid_tokens.to(torch::kCPU, torch::kBool)
                                                     : torch::ones({batch, tokens}, torch::kBool);
  const torch::Tensor counts = hidden_counts(options.ratio, valid);
  const auto floats = torch::TensorOptions().dtype(torch::kFloat32);
  if (options.shape == MaskShape::random || options.span <= 1) {
    // Invalid tokens score above every valid one, so they are never among the smallest.
    const torch::Tensor scores = torch::rand({batch, tokens}, generator, floats).masked_fill(valid.logical_not(), 2.0);
    return ranks_of(scores) < counts;
  }
  // Blocks of `span` tokens on a grid shifted by a random offset per sample,
  // taken in random order until they hold the wanted count of valid tokens.
  const int64_t span = options.span;
  const int64_t blocks = tokens / span + 2;
  const torch::Tensor offsets = torch::randint(span, {batch, 1}, generator, torch::TensorOptions().dtype(torch::kInt64));
  const torch::Tensor block_of_token = torch::div(torch::arange(tokens).unsqueeze(0) + offsets, span, "floor");
  const torch::Tensor block_sizes =
      torch::zeros({batch, blocks}, torch::kInt64).scatter_add(1, block_of_token, valid.to(torch::kInt64));
  const torch::Tensor order = torch::rand({batch, blocks}, generator, floats).argsort(/*dim=*/1, /*descending=*/false);
  const torch::Tensor sizes_in_order = block_sizes.gather(1, order);
  const torch::Tensor chosen_in_order = (sizes_in_order.cumsum(1) - sizes_in_order) < counts;
  const torch::Tensor chosen = torch::zeros({batch, blocks}, torch::kBool).scatter(1, order, chosen_in_order);
  return chosen.gather(1, block_of_token) & valid;
}

}  // namespace sigvit
