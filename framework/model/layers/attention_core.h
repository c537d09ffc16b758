#pragma once

#include <torch/types.h>

#include <functional>

namespace sigvit {

// The part of multi-head self-attention between the fused qkv projection and
// the output projection:
//   qkv [B, N, 3 * D] (queries, keys, values; heads interleaved in each third)
//   -> softmax(scale * q k^T + key_bias) v, heads merged: [B, N, D].
// key_bias is [B, 1, 1, N] (0 for valid keys, the lowest float for padding)
// or undefined. Two implementations give the same result within float
// rounding; the tests hold them to it.

// Batched matrix products over [B, heads, N, head_dim] copies of q, k and v,
// with optional dropout on the attention weights: works on every device and
// dtype, and is what autograd differentiates op by op.
torch::Tensor reference_attention(const torch::Tensor& qkv, const torch::Tensor& key_bias, int64_t num_heads,
                                  double scale, const std::function<torch::Tensor(torch::Tensor)>& weight_dropout);

// CPU float32 only (see fused_attention_applies): one single-threaded GEMM per
// (sample, head) straight on the strided slices of qkv and of the output, the
// (sample, head) pairs spread over the intra-op threads, the scale folded into
// the GEMM and a hand-written backward. This avoids the q/k/v and head-merge
// copies and LibTorch 1.13's CPU bmm, which runs each small per-(sample, head)
// GEMM on all threads in turn.
// With `weights` given (only where gradients are off), the softmax weights
// [B, heads, N, N] are handed out as well.
torch::Tensor fused_attention(const torch::Tensor& qkv, const torch::Tensor& key_bias, int64_t num_heads,
                              double scale, torch::Tensor* weights = nullptr);

bool fused_attention_applies(const torch::Tensor& qkv);

}  // namespace sigvit
