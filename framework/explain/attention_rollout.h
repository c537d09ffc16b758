#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace sigvit {

// Attention rollout (Abnar & Zuidema 2020) of one forward pass. `maps` holds
// each layer's softmax weights [B, heads, N, N], first layer first, whose
// first `num_prefix` tokens are cls/dist tokens. Per layer: heads averaged,
// padded tokens cut out,
// the identity added for the residual path, rows renormalised; the layers
// multiplied. `valid` [B, N] marks the tokens that are not padding
// (AttentionRecording::valid_tokens; undefined: all). The relevance of each patch token is the cls token's row
// (cls pooling) or the mean of the valid patch rows (mean pooling), zero
// for padded tokens, scaled to sum to 1 over a sample's patch tokens (all
// zero when nothing flows to them). Returns [B, N - num_prefix].
torch::Tensor attention_rollout(const std::vector<torch::Tensor>& maps, const torch::Tensor& valid, int64_t num_prefix,
                                bool cls_pooling);

// The patch relevances [B, prod(grid)] laid over the input the model took,
// [C, L] or [C, H, W]: for signals each token's value spread over its share
// of the samples (tokens are taken to tile the signal in order, each
// ceil(L / tokens) samples wide), for images the token grid enlarged to the
// pixels (nearest). Returns [B, L] or [B, H, W].
torch::Tensor relevance_over_input(const torch::Tensor& relevance, const std::vector<int64_t>& grid,
                                   const std::vector<int64_t>& input_shape);

}  // namespace sigvit
