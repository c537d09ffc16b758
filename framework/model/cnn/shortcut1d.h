#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>

#include "model/layers/batch_norm.h"

namespace sigvit {

// The shortcut of a residual block: BatchNorm, after a 1x1 convolution when
// the channels change or `always_project` asks for one (InceptionTime projects
// even between equal widths). Pointwise: the caller re-zeroes padding after
// the residual sum.
class Shortcut1dImpl : public torch::nn::Module {
 public:
  Shortcut1dImpl(int64_t in_channels, int64_t out_channels, bool bias, bool always_project = false);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv1d conv_{nullptr};
  BatchNorm bn_{nullptr};
};
TORCH_MODULE(Shortcut1d);

}  // namespace sigvit
