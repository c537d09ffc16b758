#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include "model/layers/encoder_options.h"
#include "sigvit/layer_trace.h"

namespace sigvit {

// Multi-head self-attention with one fused projection for queries, keys and
// values. The products between the projections run in attention_core.h's
// fused kernel where it applies, else op by op.
class SelfAttentionImpl : public torch::nn::Module, public CountsMacs {
 public:
  explicit SelfAttentionImpl(const EncoderOptions& options);

  // x: [B, N, D]. key_bias: [B, 1, 1, N] added to the attention logits (0 for
  // valid keys, the lowest float for padding), or undefined.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& key_bias = {});

  int64_t own_macs(const torch::Tensor& output) const override;

 private:
  int64_t num_heads_;
  double scale_;
  bool fused_;
  torch::nn::Linear qkv_{nullptr};
  torch::nn::Dropout attn_drop_{nullptr};
  torch::nn::Linear proj_{nullptr};
  torch::nn::Dropout proj_drop_{nullptr};
};
TORCH_MODULE(SelfAttention);

}  // namespace sigvit
