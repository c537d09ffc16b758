#include "model/cnn/fcn.h"

#include "model/api/config_values.h"

namespace sigvit {

FcnOptions FcnOptions::parse(const ConfigNode& model) {
  model.expect_keys({"type", "input_shape", "num_classes", "channels", "kernel_sizes", "drop_rate"});
  FcnOptions options;
  options.input_shape = read_input_shape(model, "fcn", "[C, L]");
  options.num_classes = read_num_classes(model);
  options.channels = read_positive_list(model, "channels", options.channels);
  options.kernel_sizes = read_positive_list(model, "kernel_sizes", options.kernel_sizes);
  if (options.kernel_sizes.size() != options.channels.size()) {
    model.child("kernel_sizes").fail("expected one kernel size per entry of channels (" +
                                     std::to_string(options.channels.size()) + "), got " +
                                     std::to_string(options.kernel_sizes.size()));
  }
  options.drop_rate = read_rate(model, "drop_rate", options.drop_rate);
  return options;
}

Fcn::Fcn(const FcnOptions& options) : SignalCnn("fcn", options.input_shape, options.num_classes) {
  layers_ = register_module("layers", torch::nn::ModuleList());
  int64_t width = options.input_shape[0];
  for (size_t i = 0; i < options.channels.size(); ++i) {
    ConvBnRelu1dOptions unit;
    unit.in_channels = width;
    unit.out_channels = options.channels[i];
    unit.kernel = options.kernel_sizes[i];
    units_.emplace_back(unit);
    layers_->push_back(units_.back());
    width = options.channels[i];
  }
  add_head(width, options.drop_rate);
}

Signals Fcn::body(const Signals& input) {
  Signals h = input;
  for (auto& unit : units_) h = unit->forward(h);
  return h;
}

}  // namespace sigvit
