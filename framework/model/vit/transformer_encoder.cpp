#include "model/vit/transformer_encoder.h"

#include <limits>

#include "sigvit/error.h"
#include "sigvit/layer_trace.h"

namespace sigvit {

TransformerEncoderImpl::TransformerEncoderImpl(const EncoderOptions& options) : options_(options) {
  if (options.depth < 0) throw Error("encoder: depth must be >= 0, got " + std::to_string(options.depth));
  if (options.embed_dim <= 0) throw Error("encoder: embed_dim must be > 0, got " + std::to_string(options.embed_dim));
  blocks_ = register_module("blocks", torch::nn::ModuleList());
  for (int64_t i = 0; i < options.depth; ++i) {
    // Stochastic depth rises linearly from 0 at the first block to drop_path_rate at the last.
    double rate = options.depth > 1 ? options.drop_path_rate * i / (options.depth - 1) : 0.0;
    block_list_.push_back(EncoderBlock(options, rate));
    blocks_->push_back(block_list_.back());
  }
  norm_ = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.embed_dim}).eps(options.norm_eps)));
}

torch::Tensor TransformerEncoderImpl::forward(const torch::Tensor& tokens, const torch::Tensor& valid) {
  torch::Tensor key_bias;
  if (valid.defined()) {
    // Built once for all blocks: [B, 1, 1, N], broadcast over heads and queries.
    key_bias = torch::zeros({tokens.size(0), 1, 1, tokens.size(1)}, tokens.options())
                   .masked_fill(valid.logical_not().view({tokens.size(0), 1, 1, tokens.size(1)}),
                                std::numeric_limits<float>::lowest());
  }
  torch::Tensor x = tokens;
  for (auto& block : block_list_) x = traced(block, x, key_bias);
  return traced(norm_, x);
}

}  // namespace sigvit
