#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>

// The one masking rule of sigvit's models and plugins: a padded signal must
// give the same logits as the same signal unpadded, whatever the padding holds
// (zeros, garbage, NaN or inf). So whatever lies beyond a signal's length is
// replaced, never multiplied away (0 * inf is NaN), before every layer that
// looks across positions.

namespace sigvit {

/// [B] lengths -> [B, size] bool, true at positions < length.
torch::Tensor valid_positions(const torch::Tensor& lengths, int64_t size);

/// values [B, C, L] with values[b, :, t] = fill for t >= lengths[b]: a masked
/// fill. An undefined `lengths` (every position valid) returns `values`.
torch::Tensor fill_beyond_lengths(const torch::Tensor& values, const torch::Tensor& lengths, double fill);

/// fill_beyond_lengths with zero: what every embedder and 1D CNN applies to a
/// padded batch before a convolution, a pooling or a normalisation over time.
torch::Tensor zero_beyond_lengths(const torch::Tensor& values, const torch::Tensor& lengths);

/// Valid output lengths of a convolution or pooling over signals of `lengths`.
torch::Tensor conv_output_lengths(const torch::Tensor& lengths, int64_t kernel, int64_t stride, int64_t padding);

/// Throws sigvit::Error naming `who` unless lengths is [B] integer with values in [1, L].
void check_lengths(const torch::Tensor& lengths, const torch::Tensor& x, const std::string& who);

}  // namespace sigvit
