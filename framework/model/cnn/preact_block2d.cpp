#include "model/cnn/preact_block2d.h"

#include "sigvit/layer_trace.h"

namespace sigvit {

namespace {
torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}
}  // namespace

PreactBlock2dImpl::PreactBlock2dImpl(int64_t in_channels, int64_t out_channels, int64_t stride) {
  bn1_ = register_module("bn1", BatchNorm(in_channels));
  conv1_ = register_module("conv1", conv(in_channels, out_channels, 3, stride));
  bn2_ = register_module("bn2", BatchNorm(out_channels));
  conv2_ = register_module("conv2", conv(out_channels, out_channels, 3, 1));
  if (stride != 1 || in_channels != out_channels) {
    shortcut_ = register_module("shortcut", conv(in_channels, out_channels, 1, stride));
  }
}

torch::Tensor PreactBlock2dImpl::forward(const torch::Tensor& x) {
  auto activated = torch::relu(traced(bn1_, x));
  auto identity = shortcut_.is_empty() ? x : traced(shortcut_, activated);
  auto h = traced(conv1_, activated);
  h = traced(conv2_, torch::relu(traced(bn2_, h)));
  return h + identity;
}

}  // namespace sigvit
