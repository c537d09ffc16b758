#include "model/attention.h"

#include <cmath>

#include "core/error.h"

namespace sigvit {

SelfAttentionImpl::SelfAttentionImpl(const EncoderOptions& options) : num_heads_(options.num_heads) {
  if (options.num_heads <= 0 || options.embed_dim % options.num_heads != 0) {
    throw Error("encoder: embed_dim " + std::to_string(options.embed_dim) + " must be divisible by num_heads " +
                std::to_string(options.num_heads));
  }
  const int64_t head_dim = options.embed_dim / options.num_heads;
  scale_ = options.qk_scale.value_or(1.0 / std::sqrt(static_cast<double>(head_dim)));
  qkv_ = register_module(
      "qkv", torch::nn::Linear(torch::nn::LinearOptions(options.embed_dim, 3 * options.embed_dim).bias(options.qkv_bias)));
  attn_drop_ = register_module("attn_drop", torch::nn::Dropout(options.attn_drop_rate));
  proj_ = register_module("proj", torch::nn::Linear(options.embed_dim, options.embed_dim));
  proj_drop_ = register_module("proj_drop", torch::nn::Dropout(options.drop_rate));
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& key_bias) {
  const int64_t batch = x.size(0), tokens = x.size(1), dim = x.size(2);
  // [B, N, 3D] -> [3, B, heads, N, head_dim]
  auto qkv = traced(qkv_, x).reshape({batch, tokens, 3, num_heads_, dim / num_heads_}).permute({2, 0, 3, 1, 4});
  auto q = qkv[0], k = qkv[1], v = qkv[2];

  auto logits = torch::matmul(q * scale_, k.transpose(-2, -1));
  if (key_bias.defined()) logits = logits + key_bias;
  auto weights = traced(attn_drop_, logits.softmax(-1));
  auto mixed = torch::matmul(weights, v).transpose(1, 2).reshape({batch, tokens, dim});
  return traced(proj_drop_, traced(proj_, mixed));
}

int64_t SelfAttentionImpl::own_macs(const torch::Tensor& output) const {
  // q @ k^T and weights @ v: two products of B * N * N * D each.
  const int64_t tokens = output.size(1);
  return 2 * output.numel() * tokens;
}

}  // namespace sigvit
