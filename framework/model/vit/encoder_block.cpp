#include "model/vit/encoder_block.h"

namespace sigvit {

EncoderBlockImpl::EncoderBlockImpl(const EncoderOptions& options, double drop_path_rate) {
  auto norm_options = torch::nn::LayerNormOptions({options.embed_dim}).eps(options.norm_eps);
  norm1_ = register_module("norm1", torch::nn::LayerNorm(norm_options));
  attn_ = register_module("attn", SelfAttention(options));
  drop_path1_ = register_module("drop_path1", DropPath(drop_path_rate));
  norm2_ = register_module("norm2", torch::nn::LayerNorm(norm_options));
  mlp_ = register_module("mlp", Mlp(options));
  drop_path2_ = register_module("drop_path2", DropPath(drop_path_rate));
}

torch::Tensor EncoderBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& key_bias) {
  auto h = x + traced(drop_path1_, traced(attn_, traced(norm1_, x), key_bias));
  return h + traced(drop_path2_, traced(mlp_, traced(norm2_, h)));
}

}  // namespace sigvit
