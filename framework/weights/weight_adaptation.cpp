#include "weights/weight_adaptation.h"

#include <algorithm>
#include <cmath>

#include "model/layers/position_embedding.h"
#include "sigvit/error.h"
#include "sigvit/shape_text.h"

namespace sigvit {

torch::Tensor resample_position_table(const torch::Tensor& source, int64_t source_prefix,
                                      const std::vector<int64_t>& source_grid, const torch::Tensor& target_table,
                                      int64_t target_prefix, const std::vector<int64_t>& target_grid) {
  if (source_grid.size() != target_grid.size()) {
    throw Error("position table: a " + std::to_string(source_grid.size()) + "D grid " + shape_to_string(source_grid) +
                " cannot be resampled to a " + std::to_string(target_grid.size()) + "D grid " +
                shape_to_string(target_grid));
  }
  int64_t source_tokens = 1;
  for (int64_t extent : source_grid) source_tokens *= extent;
  const torch::Tensor patches = source.narrow(1, source_prefix, source_tokens).to(torch::kFloat32);
  const torch::Tensor moved = source_grid == target_grid
                                  ? patches
                                  : resample_grid_rows(patches, source_grid, target_grid, /*antialias=*/true);
  const int64_t kept = std::min(source_prefix, target_prefix);
  std::vector<torch::Tensor> parts{source.narrow(1, 0, kept).to(torch::kFloat32)};
  if (target_prefix > kept) parts.push_back(target_table.narrow(1, kept, target_prefix - kept).to(torch::kFloat32));
  parts.push_back(moved);
  return torch::cat(parts, 1).to(target_table.scalar_type());
}

std::vector<int64_t> source_grid_of(int64_t patch_tokens, size_t rank) {
  if (rank == 1) return {patch_tokens};
  const auto side = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(patch_tokens))));
  if (side * side != patch_tokens) {
    throw Error("position table: " + std::to_string(patch_tokens) +
                " patch positions are not a square grid, so the image grid they were made for is unknown");
  }
  return {side, side};
}

torch::Tensor adapt_input_channels(const torch::Tensor& weight, int64_t channels) {
  const int64_t source_channels = weight.size(1);
  if (channels == source_channels) return weight;
  const torch::Tensor wide = weight.to(torch::kFloat32);
  torch::Tensor adapted;
  if (channels == 1) {
    adapted = wide.sum(1, /*keepdim=*/true);
  } else {
    const int64_t repeats = (channels + source_channels - 1) / source_channels;
    std::vector<int64_t> tiling(static_cast<size_t>(weight.dim()), 1);
    tiling[1] = repeats;
    adapted = wide.repeat(tiling).narrow(1, 0, channels) *
              (static_cast<double>(source_channels) / static_cast<double>(channels));
  }
  return adapted.to(weight.scalar_type());
}

}  // namespace sigvit
