#include "model/cnn/conv_bn_relu1d.h"

#include "model/cnn/same_conv1d.h"
#include "sigvit/layer_trace.h"
#include "sigvit/padding.h"

namespace sigvit {

ConvBnRelu1dImpl::ConvBnRelu1dImpl(const ConvBnRelu1dOptions& options) : options_(options) {
  conv_ = register_module(
      "conv", options.stride == 1
                  ? make_same_conv1d(options.in_channels, options.out_channels, options.kernel, options.bias)
                  : torch::nn::Conv1d(torch::nn::Conv1dOptions(options.in_channels, options.out_channels, options.kernel)
                                          .stride(options.stride)
                                          .bias(options.bias)));
  bn_ = register_module("bn", BatchNorm(options.out_channels));
}

Signals ConvBnRelu1dImpl::forward(const Signals& in) {
  auto convolved = options_.stride == 1 ? same_conv1d(conv_, in.values) : traced(conv_, in.values);
  Signals out{traced(bn_, convolved), in.lengths};
  if (options_.relu) out.values = torch::relu(out.values);
  if (in.lengths.defined() && options_.stride > 1) {
    out.lengths = conv_output_lengths(in.lengths, options_.kernel, options_.stride, 0);
  }
  out.values = zero_beyond_lengths(out.values, out.lengths);
  return out;
}

}  // namespace sigvit
