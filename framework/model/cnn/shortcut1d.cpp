#include "model/cnn/shortcut1d.h"

#include "sigvit/layer_trace.h"

namespace sigvit {

Shortcut1dImpl::Shortcut1dImpl(int64_t in_channels, int64_t out_channels, bool bias, bool always_project) {
  if (always_project || in_channels != out_channels) {
    conv_ = register_module("conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(in_channels, out_channels, 1).bias(bias)));
  }
  bn_ = register_module("bn", BatchNorm(out_channels));
}

torch::Tensor Shortcut1dImpl::forward(const torch::Tensor& x) {
  return traced(bn_, conv_.is_empty() ? x : traced(conv_, x));
}

}  // namespace sigvit
