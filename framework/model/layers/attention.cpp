#include "model/layers/attention.h"

#include <torch/csrc/jit/frontend/tracer.h>

#include <cmath>

#include "model/layers/attention_core.h"
#include "model/layers/attention_recording.h"
#include "model/layers/dense.h"
#include "sigvit/error.h"

namespace sigvit {

SelfAttentionImpl::SelfAttentionImpl(const EncoderOptions& options)
    : num_heads_(options.num_heads), fused_(options.fused_attention) {
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
  const torch::Tensor qkv = traced_dense(qkv_, x);
  // Summaries trace the reference path, which reports attention dropout as a
  // layer; so does a TorchScript export, whose graph holds LibTorch's ops only.
  const bool weights_dropped = is_training() && attn_drop_->options.p() > 0;
  const bool recording = AttentionRecording::active();
  const bool grads = torch::GradMode::is_enabled() && qkv.requires_grad();
  const bool fused = fused_ && !weights_dropped && !LayerTrace::active() && !torch::jit::tracer::isTracing() &&
                     !(recording && grads) && fused_attention_applies(qkv) &&
                     (!key_bias.defined() || key_bias.scalar_type() == torch::kFloat);
  torch::Tensor mixed;
  if (fused) {
    torch::Tensor weights;
    mixed = fused_attention(qkv, key_bias, num_heads_, scale_, recording ? &weights : nullptr);
    if (recording) AttentionRecording::record(weights, key_bias);
  } else {
    mixed = reference_attention(qkv, key_bias, num_heads_, scale_, [this, recording, &key_bias](torch::Tensor weights) {
      if (recording) AttentionRecording::record(weights, key_bias);
      return traced(attn_drop_, weights);
    });
  }
  return traced(proj_drop_, traced_dense(proj_, mixed));
}

int64_t SelfAttentionImpl::own_macs(const torch::Tensor& output) const {
  // q @ k^T and weights @ v: two products of B * N * N * D each.
  const int64_t tokens = output.size(1);
  return 2 * output.numel() * tokens;
}

}  // namespace sigvit
