#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

#include "model/cnn/signals.h"
#include "model/layers/batch_norm.h"

namespace sigvit {

struct ConvBnRelu1dOptions {
  int64_t in_channels = 1;
  int64_t out_channels = 1;
  int64_t kernel = 1;
  // 1: "same" padding (an even kernel pads one more on the right, as Keras
  // does). > 1: no padding, so the valid length shrinks by floor rounding and
  // stays independent of how much padding follows.
  int64_t stride = 1;
  bool bias = true;
  bool relu = true;  // false leaves the activation to the caller (before a residual sum)
};

// Conv1d -> BatchNorm1d -> ReLU, output zeroed beyond the (recomputed) lengths.
class ConvBnRelu1dImpl : public torch::nn::Module {
 public:
  explicit ConvBnRelu1dImpl(const ConvBnRelu1dOptions& options);
  Signals forward(const Signals& in);

 private:
  ConvBnRelu1dOptions options_;
  torch::nn::Conv1d conv_{nullptr};
  BatchNorm bn_{nullptr};
};
TORCH_MODULE(ConvBnRelu1d);

}  // namespace sigvit
