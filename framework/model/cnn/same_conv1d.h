#pragma once

#include <torch/nn/modules/conv.h>
#include <torch/types.h>

#include <cstdint>

// "Same" convolutions for any kernel: the output keeps the input's length, an
// even kernel padding one more zero on the right, as Keras does. Odd kernels
// pad inside the convolution; even ones by an explicit pad, which is the copy
// LibTorch's padding='same' would make anyway, without its warning.

namespace sigvit {

torch::nn::Conv1d make_same_conv1d(int64_t in_channels, int64_t out_channels, int64_t kernel, bool bias);

// Runs a convolution made by make_same_conv1d, traced for summaries.
torch::Tensor same_conv1d(torch::nn::Conv1d& conv, const torch::Tensor& x);

}  // namespace sigvit
