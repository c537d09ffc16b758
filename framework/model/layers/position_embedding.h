#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace sigvit {

// none: the tokens carry no position. With mean pooling and a convolutional
// embedder the model is then translation-invariant up to the embedder's
// stride, which small signal sets may need more than order.
enum class PositionEmbeddingKind { learnable, sinusoidal, none };

// Adds position embeddings to [prefix tokens, grid tokens]. The table is made
// for the grid of the configured input; another grid is served by taking the
// table's prefix (a shorter signal: positions are time offsets) or by
// resampling it (linear for signals, bicubic for images). Whether another size
// is acceptable at all is the embedder's decision, taken before this runs.
class PositionEmbeddingImpl : public torch::nn::Module {
 public:
  PositionEmbeddingImpl(PositionEmbeddingKind kind, std::vector<int64_t> grid, int64_t num_prefix_tokens,
                        int64_t dim);

  // tokens: [B, prefix + prod(grid), D]
  torch::Tensor forward(const torch::Tensor& tokens, const std::vector<int64_t>& grid);

  // [1, prefix + prod(grid), D]; undefined for `none`
  torch::Tensor table_for(const std::vector<int64_t>& grid) const;

  PositionEmbeddingKind kind() const { return kind_; }
  // The learnable table, or an undefined tensor for the other kinds.
  torch::Tensor learnable_table() const { return kind_ == PositionEmbeddingKind::learnable ? table_ : torch::Tensor(); }

 private:
  torch::Tensor resampled(const std::vector<int64_t>& grid) const;

  PositionEmbeddingKind kind_;
  std::vector<int64_t> grid_;
  int64_t num_prefix_;
  int64_t dim_;
  torch::Tensor table_;  // a parameter (learnable), a buffer (sinusoidal) or undefined (none)
};
TORCH_MODULE(PositionEmbedding);

// Patch rows [1, prod(from), D] laid on the grid `from`, resampled to the
// grid `to` without aligned corners: linearly for signals, bicubically for
// images, with antialiasing when asked (as timm resamples pretrained tables).
torch::Tensor resample_grid_rows(const torch::Tensor& rows, const std::vector<int64_t>& from,
                                 const std::vector<int64_t>& to, bool antialias = false);

// Fixed sine/cosine embeddings for a 1D or 2D grid: [prod(grid), dim]. In 2D,
// half of the channels encode the row and half the column.
torch::Tensor sinusoidal_table(const std::vector<int64_t>& grid, int64_t dim);

}  // namespace sigvit
