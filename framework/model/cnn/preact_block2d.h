#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>

#include "model/layers/batch_norm.h"

namespace sigvit {

// A pre-activation basic block (He et al. 2016, "Identity Mappings in Deep
// Residual Networks"): BN-ReLU-conv3x3-BN-ReLU-conv3x3 plus the input, which a
// strided 1x1 convolution of the activated input projects when the shape
// changes. Convolutions have no bias: a BatchNorm follows each of them.
class PreactBlock2dImpl : public torch::nn::Module {
 public:
  PreactBlock2dImpl(int64_t in_channels, int64_t out_channels, int64_t stride);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  BatchNorm bn1_{nullptr};
  torch::nn::Conv2d conv1_{nullptr};
  BatchNorm bn2_{nullptr};
  torch::nn::Conv2d conv2_{nullptr};
  torch::nn::Conv2d shortcut_{nullptr};
};
TORCH_MODULE(PreactBlock2d);

}  // namespace sigvit
