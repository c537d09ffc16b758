#include "explain/attention_rollout.h"

#include <torch/nn/functional/upsampling.h>

#include "sigvit/error.h"
#include "sigvit/shape_text.h"

namespace sigvit {
namespace F = torch::nn::functional;

torch::Tensor attention_rollout(const std::vector<torch::Tensor>& maps, const torch::Tensor& valid_tokens,
                                int64_t num_prefix, bool cls_pooling) {
  if (maps.empty()) throw Error("attention rollout: the model recorded no attention maps (is it a ViT?)");
  const torch::Tensor& first = maps.front();
  if (first.dim() != 4 || first.size(2) != first.size(3) || first.size(2) <= num_prefix) {
    throw Error("attention rollout: expected maps [B, heads, N, N] with more than " + std::to_string(num_prefix) +
                " tokens, got " + shape_to_string(first.sizes().vec()));
  }
  const int64_t batch = first.size(0), tokens = first.size(2);
  const torch::Tensor valid =
      valid_tokens.defined() ? valid_tokens.to(torch::kBool) : torch::ones({batch, tokens}, torch::kBool);
  if (valid.sizes() != torch::IntArrayRef({batch, tokens})) {
    throw Error("attention rollout: a validity mask " + shape_to_string(valid.sizes().vec()) + " for " +
                std::to_string(batch) + " samples of " + std::to_string(tokens) + " tokens");
  }
  const torch::Tensor pair_mask = (valid.unsqueeze(2) & valid.unsqueeze(1)).to(torch::kFloat64);
  const torch::Tensor identity = torch::eye(tokens, torch::kFloat64).expand({batch, tokens, tokens});

  torch::Tensor joint = identity.clone();
  for (const torch::Tensor& layer : maps) {
    if (layer.sizes() != first.sizes()) {
      throw Error("attention rollout: layers recorded maps of different shapes, " +
                  shape_to_string(first.sizes().vec()) + " and " + shape_to_string(layer.sizes().vec()));
    }
    torch::Tensor mixed = layer.to(torch::kFloat64).mean(1) * pair_mask + identity;
    mixed = mixed / mixed.sum(-1, /*keepdim=*/true);
    joint = torch::bmm(mixed, joint);
  }

  const torch::Tensor patch_valid = valid.narrow(1, num_prefix, tokens - num_prefix);
  torch::Tensor relevance;
  if (cls_pooling) {
    relevance = joint.select(1, 0).narrow(1, num_prefix, tokens - num_prefix);
  } else {
    const torch::Tensor rows = joint.narrow(1, num_prefix, tokens - num_prefix).narrow(2, num_prefix, tokens - num_prefix);
    const torch::Tensor weights = patch_valid.to(torch::kFloat64);
    relevance = (rows * weights.unsqueeze(2)).sum(1) / weights.sum(1, /*keepdim=*/true).clamp_min(1.0);
  }
  relevance = relevance * patch_valid.to(torch::kFloat64);
  const torch::Tensor total = relevance.sum(1, /*keepdim=*/true);
  relevance = torch::where(total > 0, relevance / total.clamp_min(1e-300), relevance);
  return relevance.to(torch::kFloat32);
}

torch::Tensor relevance_over_input(const torch::Tensor& relevance, const std::vector<int64_t>& grid,
                                   const std::vector<int64_t>& input_shape) {
  int64_t cells = 1;
  for (int64_t extent : grid) cells *= extent;
  if (relevance.dim() != 2 || relevance.size(1) != cells || grid.size() + 1 != input_shape.size()) {
    throw Error("attention rollout: " + shape_to_string(relevance.sizes().vec()) + " token relevances for a grid " +
                shape_to_string(grid) + " over an input " + shape_to_string(input_shape));
  }
  if (grid.size() == 1) {
    const int64_t length = input_shape[1];
    const int64_t span = (length + cells - 1) / cells;
    const torch::Tensor token_of_sample = torch::div(torch::arange(length), span, "floor").clamp_max(cells - 1);
    return relevance.index_select(1, token_of_sample);
  }
  const torch::Tensor image = relevance.reshape({relevance.size(0), 1, grid[0], grid[1]});
  return F::interpolate(image, F::InterpolateFuncOptions()
                                   .size(std::vector<int64_t>{input_shape[1], input_shape[2]})
                                   .mode(torch::kNearest))
      .squeeze(1);
}

}  // namespace sigvit
