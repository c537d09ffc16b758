#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

#include "model/cnn/conv_bn_relu1d.h"
#include "model/cnn/shortcut1d.h"
#include "model/cnn/signals.h"

namespace sigvit {

// A block of Wang et al.'s ResNet: one conv-BN-ReLU per kernel (the last one's
// ReLU after the residual sum), "same" padding, and a BatchNorm shortcut with a
// 1x1 projection when the width changes. Convolutions carry biases, as in the
// published Keras code (and its parameter counts).
class ResidualBlock1dImpl : public torch::nn::Module {
 public:
  ResidualBlock1dImpl(int64_t in_channels, int64_t out_channels, const std::vector<int64_t>& kernels);
  Signals forward(const Signals& in);

 private:
  torch::nn::ModuleList layers_{nullptr};  // names the units layers.<i>
  std::vector<ConvBnRelu1d> units_;        // the same units, typed
  Shortcut1d shortcut_{nullptr};
};
TORCH_MODULE(ResidualBlock1d);

}  // namespace sigvit
