#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>

// Helpers for embedders of variable-length signals: a padded signal must give
// the same tokens as the same signal unpadded, so whatever lies beyond a
// signal's length is zeroed before every layer that looks across positions.

namespace sigvit {

// [B] lengths -> [B, size] bool, true at positions < length.
torch::Tensor valid_positions(const torch::Tensor& lengths, int64_t size);

// x: [B, C, L]; zeroes x[b, :, t] for t >= lengths[b].
torch::Tensor zero_beyond_lengths(const torch::Tensor& x, const torch::Tensor& lengths);

// Valid output lengths of a convolution or pooling over signals of `lengths`.
torch::Tensor conv_output_lengths(const torch::Tensor& lengths, int64_t kernel, int64_t stride, int64_t padding);

// Throws sigvit::Error naming `who` unless lengths is [B] integer with values in [1, L].
void check_lengths(const torch::Tensor& lengths, const torch::Tensor& x, const std::string& who);

}  // namespace sigvit
