#include "model/layers/attention_core.h"

namespace sigvit {

torch::Tensor reference_attention(const torch::Tensor& qkv, const torch::Tensor& key_bias, int64_t num_heads,
                                  double scale, const std::function<torch::Tensor(torch::Tensor)>& weight_dropout) {
  const int64_t dim = qkv.size(2) / 3;
  // [B, N, 3D] -> [3, B, heads, N, head_dim]. Shapes are taken from the
  // tensors, not spelled out, so that a traced export takes any batch size.
  auto heads = qkv.unflatten(2, {3, num_heads, dim / num_heads}).permute({2, 0, 3, 1, 4});
  auto q = heads[0], k = heads[1], v = heads[2];

  auto logits = torch::matmul(q * scale, k.transpose(-2, -1));
  if (key_bias.defined()) logits = logits + key_bias;
  auto weights = weight_dropout(logits.softmax(-1));
  return torch::matmul(weights, v).transpose(1, 2).flatten(2);
}

}  // namespace sigvit
