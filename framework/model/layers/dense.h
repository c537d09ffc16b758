#pragma once

#include <torch/nn/modules/linear.h>
#include <torch/types.h>

namespace sigvit {

// x[..., in] W^T + b, the product of a linear layer, through the process's
// GEMM plan (runtime/gemm_backend.h): the system BLAS, or oneDNN's matmul on
// the tensors' own memory, forward and both backward products alike. CPU
// float32 outside autocast only; anything else takes LibTorch's own linear,
// as does the `blas` policy. Parameters are those of a torch::nn::Linear, so
// names, initialisation and checkpoints do not change with the backend.
torch::Tensor dense(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

// dense() with `layer`'s parameters, reported to an active LayerTrace as
// traced() reports a layer's own forward.
torch::Tensor traced_dense(torch::nn::Linear& layer, const torch::Tensor& x);

}  // namespace sigvit
