#include "model/cnn/residual_block1d.h"

namespace sigvit {

ResidualBlock1dImpl::ResidualBlock1dImpl(int64_t in_channels, int64_t out_channels,
                                         const std::vector<int64_t>& kernels) {
  layers_ = register_module("layers", torch::nn::ModuleList());
  int64_t width = in_channels;
  for (size_t i = 0; i < kernels.size(); ++i) {
    ConvBnRelu1dOptions options;
    options.in_channels = width;
    options.out_channels = out_channels;
    options.kernel = kernels[i];
    options.relu = i + 1 < kernels.size();
    units_.emplace_back(options);
    layers_->push_back(units_.back());
    width = out_channels;
  }
  shortcut_ = register_module("shortcut", Shortcut1d(in_channels, out_channels, /*bias=*/true));
}

Signals ResidualBlock1dImpl::forward(const Signals& in) {
  Signals h = in;
  for (auto& unit : units_) h = unit->forward(h);
  h.values = zero_beyond_lengths(torch::relu(h.values + shortcut_->forward(in.values)), h.lengths);
  return h;
}

}  // namespace sigvit
