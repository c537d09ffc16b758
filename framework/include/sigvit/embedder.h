#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace sigvit {

/// What an embedder hands to the encoder.
struct TokenBatch {
  torch::Tensor tokens;  ///< [B, N, D]
  /// [B, N] bool, true where a token carries signal; undefined when every token does.
  torch::Tensor valid;
  /// The token grid of this batch: {N} for signals, {rows, cols} for images.
  std::vector<int64_t> grid;
};

/// The token grid an embedder produces for one input shape, known without running.
struct TokenLayout {
  std::vector<int64_t> grid;  ///< {N} for signals, {rows, cols} for images

  /// The number of tokens: the product of the grid.
  int64_t num_tokens() const {
    int64_t n = 1;
    for (int64_t extent : grid) n *= extent;
    return n;
  }
};

/// What the model tells an embedder it must produce.
struct EmbedderContext {
  std::vector<int64_t> input_shape;  ///< one sample: [C, L] (signal) or [C, H, W] (image)
  int64_t embed_dim = 0;             ///< D of the tokens
};

/// Turns a batch into tokens. An embedder knows nothing of the encoder, the
/// position embedding or the head; the model adapts position embeddings to the
/// grid it returns (a prefix for shorter signals, resampling otherwise), so an
/// embedder must reject input sizes it was not configured to accept.
class Embedder : public torch::nn::Module {
 public:
  /// x: [B, C, L] or [B, C, H, W]. lengths: [B] int64 valid samples per signal,
  /// or an undefined tensor when every sample is full length.
  virtual TokenBatch embed(const torch::Tensor& x, const torch::Tensor& lengths) = 0;

  /// The grid for one input of shape [C, L] or [C, H, W]; throws sigvit::Error
  /// (naming both shapes) for an input this embedder cannot take.
  virtual TokenLayout layout(const std::vector<int64_t>& input_shape) const = 0;
};

}  // namespace sigvit
