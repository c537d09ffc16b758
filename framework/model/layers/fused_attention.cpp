#include <ATen/Parallel.h>
#include <cblas.h>
#include <torch/autograd.h>

#include <limits>

#include "model/layers/attention_core.h"

namespace sigvit {
namespace {

// C = alpha * op(A) op(B) for row-major matrices; each leading dimension is
// the distance between rows, which lets A, B and C be slices of wider rows.
void gemm(bool transpose_a, bool transpose_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
          int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc) {
  cblas_sgemm(CblasRowMajor, transpose_a ? CblasTrans : CblasNoTrans, transpose_b ? CblasTrans : CblasNoTrans,
              static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a, static_cast<int>(lda), b,
              static_cast<int>(ldb), 0.0f, c, static_cast<int>(ldc));
}

// Where one (sample, head) lives in the packed tensors: qkv rows hold
// [q heads | k heads | v heads], output rows [heads], attention squares
// [B, heads, N, N] are contiguous.
struct HeadLayout {
  int64_t batch, tokens, heads, head_dim, dim;

  explicit HeadLayout(const torch::Tensor& qkv, int64_t num_heads)
      : batch(qkv.size(0)),
        tokens(qkv.size(1)),
        heads(num_heads),
        head_dim(qkv.size(2) / 3 / num_heads),
        dim(qkv.size(2) / 3) {}

  int64_t qkv_row() const { return 3 * dim; }
  // part 0: queries, 1: keys, 2: values.
  int64_t qkv_offset(int64_t sample, int64_t head, int part) const {
    return sample * tokens * qkv_row() + part * dim + head * head_dim;
  }
  int64_t merged_offset(int64_t sample, int64_t head) const { return sample * tokens * dim + head * head_dim; }
  int64_t square_offset(int64_t sample, int64_t head) const { return (sample * heads + head) * tokens * tokens; }
};

// Runs body(sample, head) for every pair, the pairs split over the intra-op
// threads. Inside the parallel region OpenBLAS runs each GEMM on one thread.
template <typename Body>
void for_each_head(const HeadLayout& layout, const Body& body) {
  at::parallel_for(0, layout.batch * layout.heads, 1, [&](int64_t begin, int64_t end) {
    for (int64_t pair = begin; pair < end; ++pair) body(pair / layout.heads, pair % layout.heads);
  });
}

// The forward pass: the heads-merged output and the softmax weights, which
// the backward needs.
struct Attended {
  torch::Tensor merged, weights;
};

Attended attend(const torch::Tensor& qkv, const c10::optional<torch::Tensor>& key_bias, int64_t num_heads,
                double scale) {
  const HeadLayout at(qkv, num_heads);
  const int64_t n = at.tokens, d = at.head_dim;
  const float* source = qkv.data_ptr<float>();

  torch::Tensor logits = torch::empty({at.batch, at.heads, n, n}, qkv.options());
  float* logit = logits.data_ptr<float>();
  for_each_head(at, [&](int64_t b, int64_t h) {
    gemm(false, true, n, n, d, static_cast<float>(scale), source + at.qkv_offset(b, h, 0), at.qkv_row(),
         source + at.qkv_offset(b, h, 1), at.qkv_row(), logit + at.square_offset(b, h), n);
  });
  if (key_bias.has_value()) logits.add_(*key_bias);
  const torch::Tensor weights = logits.softmax(-1);

  torch::Tensor merged = torch::empty({at.batch, n, at.dim}, qkv.options());
  const float* weight = weights.data_ptr<float>();
  float* out = merged.data_ptr<float>();
  for_each_head(at, [&](int64_t b, int64_t h) {
    gemm(false, false, n, d, n, 1.0f, weight + at.square_offset(b, h), n, source + at.qkv_offset(b, h, 2),
         at.qkv_row(), out + at.merged_offset(b, h), at.dim);
  });
  return {merged, weights};
}

class FusedAttention : public torch::autograd::Function<FusedAttention> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& packed,
                               const c10::optional<torch::Tensor>& key_bias, int64_t num_heads, double scale) {
    const torch::Tensor qkv = packed.contiguous();
    const Attended attended = attend(qkv, key_bias, num_heads, scale);
    context->save_for_backward({qkv, attended.weights});
    context->saved_data["num_heads"] = num_heads;
    context->saved_data["scale"] = scale;
    return attended.merged;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list grads) {
    const auto saved = context->get_saved_variables();
    const torch::Tensor& qkv = saved[0];
    const torch::Tensor& weights = saved[1];
    const auto scale = static_cast<float>(context->saved_data["scale"].toDouble());
    const HeadLayout at(qkv, context->saved_data["num_heads"].toInt());
    const int64_t n = at.tokens, d = at.head_dim;
    const torch::Tensor grad_merged = grads[0].contiguous();

    const float* source = qkv.data_ptr<float>();
    const float* weight = weights.data_ptr<float>();
    const float* grad_out = grad_merged.data_ptr<float>();
    torch::Tensor grad_qkv = torch::empty_like(qkv);
    torch::Tensor grad_weights = torch::empty_like(weights);
    float* grad_source = grad_qkv.data_ptr<float>();
    float* grad_weight = grad_weights.data_ptr<float>();
    // merged = weights v: grads of the weights and of v.
    for_each_head(at, [&](int64_t b, int64_t h) {
      gemm(false, true, n, n, d, 1.0f, grad_out + at.merged_offset(b, h), at.dim, source + at.qkv_offset(b, h, 2),
           at.qkv_row(), grad_weight + at.square_offset(b, h), n);
      gemm(true, false, n, d, n, 1.0f, weight + at.square_offset(b, h), n, grad_out + at.merged_offset(b, h), at.dim,
           grad_source + at.qkv_offset(b, h, 2), at.qkv_row());
    });
    const torch::Tensor grad_logits = torch::_softmax_backward_data(grad_weights, weights, -1, torch::kFloat);
    // logits = scale q k^T: grads of q and k.
    const float* grad_logit = grad_logits.data_ptr<float>();
    for_each_head(at, [&](int64_t b, int64_t h) {
      gemm(false, false, n, d, n, scale, grad_logit + at.square_offset(b, h), n, source + at.qkv_offset(b, h, 1),
           at.qkv_row(), grad_source + at.qkv_offset(b, h, 0), at.qkv_row());
      gemm(true, false, n, d, n, scale, grad_logit + at.square_offset(b, h), n, source + at.qkv_offset(b, h, 0),
           at.qkv_row(), grad_source + at.qkv_offset(b, h, 1), at.qkv_row());
    });
    return {grad_qkv, torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

bool fused_attention_applies(const torch::Tensor& qkv) {
  constexpr int64_t blas_limit = std::numeric_limits<int>::max();
  return qkv.device().is_cpu() && qkv.scalar_type() == torch::kFloat && qkv.dim() == 3 &&
         qkv.size(2) * qkv.size(1) < blas_limit && qkv.size(1) * qkv.size(1) < blas_limit;
}

torch::Tensor fused_attention(const torch::Tensor& qkv, const torch::Tensor& key_bias, int64_t num_heads,
                              double scale, torch::Tensor* weights) {
  // An undefined tensor cannot cross autograd's argument list; an empty optional can.
  const c10::optional<torch::Tensor> bias = key_bias.defined() ? c10::optional<torch::Tensor>(key_bias) : c10::nullopt;
  // Without gradients there is nothing to save: skip autograd's bookkeeping.
  if (!torch::GradMode::is_enabled() || !qkv.requires_grad()) {
    Attended attended = attend(qkv.contiguous(), bias, num_heads, scale);
    if (weights) *weights = attended.weights;
    return attended.merged;
  }
  if (weights) throw std::logic_error("fused_attention: attention weights are handed out only without gradients");
  return FusedAttention::apply(qkv, bias, num_heads, scale);
}

}  // namespace sigvit
