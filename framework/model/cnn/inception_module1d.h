#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

#include "model/cnn/signals.h"
#include "model/layers/batch_norm.h"

namespace sigvit {

// One module of InceptionTime (Ismail Fawaz et al. 2020): a 1x1 bottleneck
// (skipped for a single input channel, as the reference does: it would only
// widen it), parallel "same" convolutions of each kernel size, a 3-wide max
// pool followed by a 1x1 convolution, all concatenated, then BatchNorm and
// ReLU. Convolutions have no bias; the BatchNorm after them makes one redundant.
class InceptionModule1dImpl : public torch::nn::Module {
 public:
  // bottleneck 0: none.
  InceptionModule1dImpl(int64_t in_channels, int64_t bottleneck, int64_t filters, const std::vector<int64_t>& kernels);
  Signals forward(const Signals& in);
  int64_t out_channels() const { return out_channels_; }

 private:
  int64_t out_channels_;
  torch::nn::Conv1d bottleneck_{nullptr};
  torch::nn::ModuleList branches_{nullptr};      // names the convolutions branches.<i>
  std::vector<torch::nn::Conv1d> branch_convs_;  // the same, typed
  torch::nn::MaxPool1d pool_{nullptr};
  torch::nn::Conv1d pool_conv_{nullptr};
  BatchNorm bn_{nullptr};
};
TORCH_MODULE(InceptionModule1d);

}  // namespace sigvit
