#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include "model/layers/attention.h"
#include "model/layers/drop_path.h"
#include "model/layers/encoder_options.h"
#include "model/layers/mlp.h"

namespace sigvit {

// Pre-norm transformer block: x + DropPath(Attn(LN(x))), then x + DropPath(MLP(LN(x))).
class EncoderBlockImpl : public torch::nn::Module {
 public:
  EncoderBlockImpl(const EncoderOptions& options, double drop_path_rate);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& key_bias = {});

 private:
  torch::nn::LayerNorm norm1_{nullptr};
  SelfAttention attn_{nullptr};
  DropPath drop_path1_{nullptr};
  torch::nn::LayerNorm norm2_{nullptr};
  Mlp mlp_{nullptr};
  DropPath drop_path2_{nullptr};
};
TORCH_MODULE(EncoderBlock);

}  // namespace sigvit
