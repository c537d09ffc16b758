#include "model/layers/position_embedding.h"

#include <torch/nn/functional/upsampling.h>

#include "core/text.h"
#include "model/layers/init.h"
#include "sigvit/error.h"

namespace sigvit {
namespace F = torch::nn::functional;

namespace {

int64_t product(const std::vector<int64_t>& grid) {
  int64_t n = 1;
  for (int64_t extent : grid) n *= extent;
  return n;
}

// [positions] -> [positions, dim]: sin in the first half of the channels, cos in the second.
torch::Tensor sincos_1d(const torch::Tensor& positions, int64_t dim) {
  auto frequencies = torch::arange(dim / 2, torch::kFloat64).div(dim / 2.0);
  frequencies = torch::pow(10000.0, -frequencies);
  auto angles = positions.to(torch::kFloat64).unsqueeze(1) * frequencies.unsqueeze(0);
  return torch::cat({angles.sin(), angles.cos()}, 1).to(torch::kFloat32);
}

}  // namespace

torch::Tensor sinusoidal_table(const std::vector<int64_t>& grid, int64_t dim) {
  if (grid.size() == 1) {
    if (dim % 2 != 0) throw Error("sinusoidal position embedding: embed_dim " + std::to_string(dim) + " must be even");
    return sincos_1d(torch::arange(grid[0]), dim);
  }
  if (grid.size() == 2) {
    if (dim % 4 != 0) {
      throw Error("sinusoidal position embedding on an image grid: embed_dim " + std::to_string(dim) +
                  " must be divisible by 4");
    }
    auto rows = torch::arange(grid[0]).repeat_interleave(grid[1]);
    auto cols = torch::arange(grid[1]).repeat({grid[0]});
    return torch::cat({sincos_1d(rows, dim / 2), sincos_1d(cols, dim / 2)}, 1);
  }
  throw Error("position embedding: token grids must have 1 or 2 dimensions, got " + shape_to_string(grid));
}

PositionEmbeddingImpl::PositionEmbeddingImpl(PositionEmbeddingKind kind, std::vector<int64_t> grid,
                                             int64_t num_prefix_tokens, int64_t dim)
    : kind_(kind), grid_(std::move(grid)), num_prefix_(num_prefix_tokens), dim_(dim) {
  if (kind_ == PositionEmbeddingKind::learnable) {
    table_ = register_parameter("table", torch::empty({1, num_prefix_ + product(grid_), dim_}));
    trunc_normal_(table_, 0.02);
  } else if (kind_ == PositionEmbeddingKind::sinusoidal) {
    auto table = torch::cat({torch::zeros({num_prefix_, dim_}), sinusoidal_table(grid_, dim_)}, 0);
    table_ = register_buffer("table", table.unsqueeze(0));
  }
}

torch::Tensor PositionEmbeddingImpl::forward(const torch::Tensor& tokens, const std::vector<int64_t>& grid) {
  if (kind_ == PositionEmbeddingKind::none) return tokens;
  return tokens + table_for(grid);
}

torch::Tensor PositionEmbeddingImpl::table_for(const std::vector<int64_t>& grid) const {
  if (kind_ == PositionEmbeddingKind::none || grid == grid_) return table_;
  if (grid.size() != grid_.size()) {
    throw Error("position embedding: token grid " + shape_to_string(grid) + " has another rank than the model's " +
                shape_to_string(grid_));
  }
  if (grid.size() == 1 && grid[0] <= grid_[0]) return table_.narrow(1, 0, num_prefix_ + grid[0]);
  if (kind_ == PositionEmbeddingKind::sinusoidal) {
    auto table = torch::cat({torch::zeros({num_prefix_, dim_}), sinusoidal_table(grid, dim_)}, 0);
    return table.unsqueeze(0).to(table_.device(), table_.scalar_type());
  }
  return resampled(grid);
}

torch::Tensor resample_grid_rows(const torch::Tensor& rows, const std::vector<int64_t>& from,
                                 const std::vector<int64_t>& to, bool antialias) {
  const int64_t dim = rows.size(2);
  if (to.size() == 1) {
    return F::interpolate(rows.transpose(1, 2), F::InterpolateFuncOptions()
                                                    .size(std::vector<int64_t>{to[0]})
                                                    .mode(torch::kLinear)
                                                    .align_corners(false))
        .transpose(1, 2);
  }
  const auto image = rows.reshape({1, from[0], from[1], dim}).permute({0, 3, 1, 2});
  return F::interpolate(image, F::InterpolateFuncOptions()
                                   .size(std::vector<int64_t>{to[0], to[1]})
                                   .mode(torch::kBicubic)
                                   .align_corners(false)
                                   .antialias(antialias))
      .permute({0, 2, 3, 1})
      .reshape({1, to[0] * to[1], dim});
}

torch::Tensor PositionEmbeddingImpl::resampled(const std::vector<int64_t>& grid) const {
  auto prefix = table_.narrow(1, 0, num_prefix_);
  auto patches = table_.narrow(1, num_prefix_, product(grid_));  // [1, N, D]
  return torch::cat({prefix, resample_grid_rows(patches, grid_, grid)}, 1);
}

}  // namespace sigvit
