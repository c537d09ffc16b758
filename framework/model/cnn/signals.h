#pragma once

#include <torch/nn/modules/pooling.h>
#include <torch/types.h>

#include <cstdint>

#include "sigvit/padding.h"

// How the 1D CNN baselines keep a padded signal's logits equal to the same
// signal's unpadded: every feature map passed between layers is zero beyond its
// valid length, lengths follow strided layers with floor rounding (as
// sigvit/padding.h's conv_output_lengths), and pooling sees only valid positions.
// Zeroing uses the SDK's one rule, zero_beyond_lengths.

namespace sigvit {

// 1D feature maps and, for a padded batch, the valid positions of each.
struct Signals {
  torch::Tensor values;   // [B, C, L]
  torch::Tensor lengths;  // [B] int64, or undefined when every position is valid (no masking at all)
};

// Max pooling that never picks padding: padding becomes -inf before the pool
// (as the unpadded signal's implicit padding is) and the output is re-zeroed.
Signals masked_max_pool(torch::nn::MaxPool1d& pool, const Signals& in);

// The mean over valid positions: [B, C, L] -> [B, C].
torch::Tensor masked_average(const Signals& in);

}  // namespace sigvit
