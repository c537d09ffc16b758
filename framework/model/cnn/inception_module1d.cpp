#include "model/cnn/inception_module1d.h"

#include "model/cnn/same_conv1d.h"
#include "sigvit/layer_trace.h"

namespace sigvit {

InceptionModule1dImpl::InceptionModule1dImpl(int64_t in_channels, int64_t bottleneck, int64_t filters,
                                             const std::vector<int64_t>& kernels)
    : out_channels_(filters * static_cast<int64_t>(kernels.size() + 1)) {
  int64_t branch_in = in_channels;
  if (bottleneck > 0 && in_channels > 1) {
    bottleneck_ = register_module(
        "bottleneck", torch::nn::Conv1d(torch::nn::Conv1dOptions(in_channels, bottleneck, 1).bias(false)));
    branch_in = bottleneck;
  }
  branches_ = register_module("branches", torch::nn::ModuleList());
  for (int64_t kernel : kernels) {
    branch_convs_.push_back(make_same_conv1d(branch_in, filters, kernel, /*bias=*/false));
    branches_->push_back(branch_convs_.back());
  }
  pool_ = register_module("pool", torch::nn::MaxPool1d(torch::nn::MaxPool1dOptions(3).stride(1).padding(1)));
  pool_conv_ = register_module("pool_conv", torch::nn::Conv1d(torch::nn::Conv1dOptions(in_channels, filters, 1).bias(false)));
  bn_ = register_module("bn", BatchNorm(out_channels_));
}

Signals InceptionModule1dImpl::forward(const Signals& in) {
  torch::Tensor reduced = bottleneck_.is_empty() ? in.values : zero_beyond_lengths(traced(bottleneck_, in.values), in.lengths);
  std::vector<torch::Tensor> outputs;
  for (auto& conv : branch_convs_) outputs.push_back(same_conv1d(conv, reduced));
  // Stride 1 with padding 1 keeps the lengths.
  outputs.push_back(traced(pool_conv_, masked_max_pool(pool_, in).values));
  auto joined = torch::relu(traced(bn_, torch::cat(outputs, 1)));
  return {zero_beyond_lengths(joined, in.lengths), in.lengths};
}

}  // namespace sigvit
