#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace sigvit {

// A position table [1, prefix + prod(grid), D] made for `source_grid` and
// `source_prefix` leading tokens (cls, dist), moved to `target_grid`: 2D
// grids bicubically with antialiasing (as timm's resample_abs_pos_embed), 1D
// grids linearly, both without aligned corners. Prefix rows are kept; where
// the target has more prefix tokens than the source, the extra rows come from
// `target_table`, where it has fewer, the source's last ones are dropped.
torch::Tensor resample_position_table(const torch::Tensor& source, int64_t source_prefix,
                                      const std::vector<int64_t>& source_grid, const torch::Tensor& target_table,
                                      int64_t target_prefix, const std::vector<int64_t>& target_grid);

// The grid a table of `patch_tokens` rows was made for, given the rank of the
// model's grid: the square root for images (an Error when it is not a
// square), the count itself for signals.
std::vector<int64_t> source_grid_of(int64_t patch_tokens, size_t rank);

// A patch projection's weight [D, C_in, ...] for `channels` input channels, as
// timm's adapt_input_conv: one channel gets the sum over C_in (a grey image
// through the sum gives what its copy in every channel gave); otherwise the
// channels are repeated cyclically and scaled by C_in / channels, which keeps
// a constant input's response where channels is a multiple of C_in.
torch::Tensor adapt_input_channels(const torch::Tensor& weight, int64_t channels);

}  // namespace sigvit
