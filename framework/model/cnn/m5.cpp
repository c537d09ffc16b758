#include "model/cnn/m5.h"

#include <cmath>

#include "model/api/config_values.h"

namespace sigvit {

M5Options M5Options::parse(const ConfigNode& model) {
  model.expect_keys({"type", "input_shape", "num_classes", "channels", "first_kernel", "first_stride", "kernel_size",
                     "pool_size", "drop_rate"});
  M5Options options;
  options.input_shape = read_input_shape(model, "m5", "[C, L]");
  options.num_classes = read_num_classes(model);
  options.channels = read_positive_list(model, "channels", options.channels);
  options.first_kernel = read_positive(model, "first_kernel", options.first_kernel);
  options.first_stride = read_positive(model, "first_stride", options.first_stride);
  options.kernel_size = read_positive(model, "kernel_size", options.kernel_size);
  options.pool_size = read_positive(model, "pool_size", options.pool_size);
  options.drop_rate = read_rate(model, "drop_rate", options.drop_rate);
  if (options.input_shape[1] < options.min_length()) {
    model.child("input_shape").fail("m5 with these kernels, strides and pools needs signals of at least " +
                                    std::to_string(options.min_length()) + " samples, got " +
                                    std::to_string(options.input_shape[1]));
  }
  return options;
}

int64_t M5Options::min_length() const {
  // Backwards from one position at the end: every pool needs pool_size inputs
  // per output, the first (unpadded, strided) convolution first_stride per
  // output plus its kernel.
  // In double, which is exact far beyond any signal length and cannot overflow.
  const double positions = std::pow(static_cast<double>(pool_size), static_cast<double>(channels.size()));
  const double needed = (positions - 1) * static_cast<double>(first_stride) + static_cast<double>(first_kernel);
  return needed > 1e15 ? static_cast<int64_t>(1e15) : static_cast<int64_t>(needed);
}

M5::M5(const M5Options& options)
    : SignalCnn("m5", options.input_shape, options.num_classes), min_length_(options.min_length()) {
  blocks_ = register_module("blocks", torch::nn::ModuleList());
  int64_t width = options.input_shape[0];
  for (size_t i = 0; i < options.channels.size(); ++i) {
    ConvBnRelu1dOptions unit;
    unit.in_channels = width;
    unit.out_channels = options.channels[i];
    unit.kernel = i == 0 ? options.first_kernel : options.kernel_size;
    unit.stride = i == 0 ? options.first_stride : 1;
    units_.emplace_back(unit);
    blocks_->push_back(units_.back());
    width = options.channels[i];
  }
  pool_ = register_module("pool", torch::nn::MaxPool1d(options.pool_size));
  add_head(width, options.drop_rate);
}

Signals M5::body(const Signals& input) {
  Signals h = input;
  for (auto& unit : units_) h = masked_max_pool(pool_, unit->forward(h));
  return h;
}

}  // namespace sigvit
