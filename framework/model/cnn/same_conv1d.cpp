#include "model/cnn/same_conv1d.h"

#include "sigvit/layer_trace.h"

namespace sigvit {

torch::nn::Conv1d make_same_conv1d(int64_t in_channels, int64_t out_channels, int64_t kernel, bool bias) {
  const int64_t padding = kernel % 2 == 1 ? kernel / 2 : 0;
  return torch::nn::Conv1d(torch::nn::Conv1dOptions(in_channels, out_channels, kernel).padding(padding).bias(bias));
}

torch::Tensor same_conv1d(torch::nn::Conv1d& conv, const torch::Tensor& x) {
  const int64_t kernel = (*conv->options.kernel_size())[0];
  if (kernel % 2 == 1) return traced(conv, x);
  return traced(conv, torch::constant_pad_nd(x, {(kernel - 1) / 2, kernel / 2}));
}

}  // namespace sigvit
