#pragma once

#include <cstdint>
#include <optional>

namespace sigvit {

// The shape and regularisation of the shared transformer encoder.
struct EncoderOptions {
  int64_t embed_dim = 768;
  int64_t depth = 12;
  int64_t num_heads = 12;
  double mlp_ratio = 4.0;
  bool qkv_bias = true;
  std::optional<double> qk_scale;  // default: head_dim^-0.5
  double drop_rate = 0.0;          // after position embedding, in the MLP, after attention's projection
  double attn_drop_rate = 0.0;     // on attention weights
  double drop_path_rate = 0.0;     // stochastic depth of the last block; rises linearly from 0
  double norm_eps = 1e-6;
  // The CPU float32 attention kernel (model/attention_core.h); false runs the
  // op-by-op reference path everywhere, for comparison.
  bool fused_attention = true;
};

}  // namespace sigvit
