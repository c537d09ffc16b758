#include "model/cnn/resnet1d.h"

#include "model/api/config_values.h"
#include "sigvit/layer_trace.h"

namespace sigvit {

Resnet1dOptions Resnet1dOptions::parse(const ConfigNode& model) {
  model.expect_keys({"type", "input_shape", "num_classes", "channels", "kernel_sizes", "drop_rate"});
  Resnet1dOptions options;
  options.input_shape = read_input_shape(model, "resnet1d", "[C, L]");
  options.num_classes = read_num_classes(model);
  options.channels = read_positive_list(model, "channels", options.channels);
  options.kernel_sizes = read_positive_list(model, "kernel_sizes", options.kernel_sizes);
  options.drop_rate = read_rate(model, "drop_rate", options.drop_rate);
  return options;
}

Resnet1d::Resnet1d(const Resnet1dOptions& options) : SignalCnn("resnet1d", options.input_shape, options.num_classes) {
  blocks_ = register_module("blocks", torch::nn::ModuleList());
  int64_t width = options.input_shape[0];
  for (int64_t channels : options.channels) {
    block_list_.emplace_back(width, channels, options.kernel_sizes);
    blocks_->push_back(block_list_.back());
    width = channels;
  }
  add_head(width, options.drop_rate);
}

Signals Resnet1d::body(const Signals& input) {
  Signals h = input;
  for (auto& block : block_list_) {
    h = block->forward(h);
    if (LayerTrace::active()) LayerTrace::record(*block, h.values);
  }
  return h;
}

}  // namespace sigvit
