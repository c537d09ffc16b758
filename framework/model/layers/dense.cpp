#include "model/layers/dense.h"

#include <ATen/autocast_mode.h>
#include <torch/autograd.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/nn/functional/linear.h>

#include "runtime/gemm_backend.h"
#include "runtime/onednn_matmul.h"
#include "sigvit/layer_trace.h"

namespace sigvit {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

bool reads_transposed(const torch::Tensor& matrix) { return matrix.stride(0) == 1 && matrix.stride(1) != 1; }

// oneDNN takes any two strides, but one of them must step through adjacent
// elements; views of LibTorch's products and their transposes always do.
torch::Tensor strided_for_onednn(const torch::Tensor& matrix) {
  return matrix.stride(0) == 1 || matrix.stride(1) == 1 ? matrix : matrix.contiguous();
}

torch::Tensor product_by(GemmBackend backend, const torch::Tensor& a, const torch::Tensor& b,
                         const torch::Tensor& bias) {
  if (backend == GemmBackend::blas) return bias.defined() ? torch::addmm(bias, a, b) : torch::mm(a, b);
  torch::Tensor output = torch::empty({a.size(0), b.size(1)}, a.options());
  onednn_matmul(view_of(a), view_of(b), bias.defined() ? bias.data_ptr<float>() : nullptr, output.data_ptr<float>());
  return output;
}

// a[m, k] b[k, n] (+ bias[n]) by the backend the plan gives this shape.
torch::Tensor product(const torch::Tensor& a_in, const torch::Tensor& b_in, const torch::Tensor& bias) {
  const torch::Tensor a = strided_for_onednn(a_in);
  const torch::Tensor b = strided_for_onednn(b_in);
  const GemmShape shape{a.size(0), a.size(1), b.size(1), reads_transposed(a), reads_transposed(b)};
  const GemmBackend backend = GemmPlan::process().backend_for(
      shape, [&](GemmBackend candidate) { product_by(candidate, a, b, bias); });
  return product_by(backend, a, b, bias);
}

// The three products of a linear layer as one autograd node, so that the
// backward pass runs through the plan too.
struct DenseFunction : public torch::autograd::Function<DenseFunction> {
  // `bias` has no elements for a layer without one: autograd functions do not
  // take undefined tensors.
  static torch::Tensor forward(AutogradContext* context, const torch::Tensor& rows, const torch::Tensor& weight,
                               const torch::Tensor& bias) {
    context->save_for_backward({rows, weight});
    return product(rows, weight.t(), bias.numel() > 0 ? bias : torch::Tensor());
  }

  static variable_list backward(AutogradContext* context, variable_list output_gradients) {
    const variable_list saved = context->get_saved_variables();
    const torch::Tensor& rows = saved[0];
    const torch::Tensor& weight = saved[1];
    const torch::Tensor gradient = output_gradients[0].contiguous();
    torch::Tensor rows_gradient, weight_gradient, bias_gradient;
    if (context->needs_input_grad(0)) rows_gradient = product(gradient, weight, {});
    if (context->needs_input_grad(1)) weight_gradient = product(gradient.t(), rows, {});
    if (context->needs_input_grad(2)) bias_gradient = gradient.sum(0);
    return {rows_gradient, weight_gradient, bias_gradient};
  }
};

// A TorchScript export records LibTorch's own ops; a custom kernel would be
// missing from its graph.
bool plan_applies(const torch::Tensor& x, const torch::Tensor& weight) {
  return !torch::jit::tracer::isTracing() && GemmPlan::process().policy() != GemmBackend::blas && x.device().is_cpu() &&
         x.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat && x.numel() > 0 &&
         !at::autocast::is_cpu_enabled();
}

}  // namespace

torch::Tensor dense(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) {
  if (!plan_applies(x, weight)) return torch::nn::functional::linear(x, weight, bias);
  const torch::Tensor present_bias = bias.defined() ? bias : torch::empty({0}, weight.options());
  if (x.dim() == 2) return DenseFunction::apply(x.contiguous(), weight, present_bias);
  const torch::Tensor rows = x.reshape({-1, weight.size(1)}).contiguous();
  std::vector<int64_t> output_shape = x.sizes().vec();
  output_shape.back() = weight.size(0);
  return DenseFunction::apply(rows, weight, present_bias).view(output_shape);
}

torch::Tensor traced_dense(torch::nn::Linear& layer, const torch::Tensor& x) {
  torch::Tensor output = dense(x, layer->weight, layer->bias);
  if (LayerTrace::active()) LayerTrace::record(*layer, output);
  return output;
}

}  // namespace sigvit
