#pragma once

#include <torch/nn/modules/pooling.h>
#include <torch/types.h>

#include <cstdint>

// How the 1D CNN baselines keep a padded signal's logits equal to the same
// signal's unpadded: every feature map passed between layers is zero beyond its
// valid length, lengths follow strided layers with floor rounding (as
// sequence_mask.h's conv_output_lengths), and pooling sees only valid positions.

namespace sigvit {

// 1D feature maps and, for a padded batch, the valid positions of each.
struct Signals {
  torch::Tensor values;   // [B, C, L]
  torch::Tensor lengths;  // [B] int64, or undefined when every position is valid (no masking at all)
};

// `values` with every position at or beyond `lengths` set to `fill`. A masked
// fill rather than a product with the mask: 0 * inf is NaN, and padding may
// hold anything.
torch::Tensor fill_beyond_lengths(const torch::Tensor& values, const torch::Tensor& lengths, double fill);

// Zero beyond the lengths; the values themselves when lengths is undefined.
torch::Tensor masked(const torch::Tensor& values, const torch::Tensor& lengths);

// Max pooling that never picks padding: padding becomes -inf before the pool
// (as the unpadded signal's implicit padding is) and the output is re-zeroed.
Signals masked_max_pool(torch::nn::MaxPool1d& pool, const Signals& in);

// The mean over valid positions: [B, C, L] -> [B, C].
torch::Tensor masked_average(const Signals& in);

}  // namespace sigvit
