#include "model/cnn/inception_time.h"

#include "model/api/config_values.h"
#include "sigvit/layer_trace.h"

namespace sigvit {

InceptionTimeOptions InceptionTimeOptions::parse(const ConfigNode& model) {
  model.expect_keys({"type", "input_shape", "num_classes", "depth", "filters", "bottleneck", "kernel_sizes", "residual",
                     "drop_rate"});
  InceptionTimeOptions options;
  options.input_shape = read_input_shape(model, "inception_time", "[C, L]");
  options.num_classes = read_num_classes(model);
  options.depth = read_positive(model, "depth", options.depth);
  options.filters = read_positive(model, "filters", options.filters);
  options.bottleneck = model.get<int64_t>("bottleneck", options.bottleneck);
  if (options.bottleneck < 0) model.child("bottleneck").fail("expected >= 0 (0: no bottleneck)");
  options.kernel_sizes = read_positive_list(model, "kernel_sizes", options.kernel_sizes);
  options.residual = model.get<bool>("residual", options.residual);
  options.drop_rate = read_rate(model, "drop_rate", options.drop_rate);
  return options;
}

InceptionTime::InceptionTime(const InceptionTimeOptions& options)
    : SignalCnn("inception_time", options.input_shape, options.num_classes) {
  stack_ = register_module("modules", torch::nn::ModuleList());
  shortcuts_ = register_module("shortcuts", torch::nn::ModuleList());
  int64_t width = options.input_shape[0];
  int64_t residual_width = width;
  for (int64_t d = 0; d < options.depth; ++d) {
    module_list_.emplace_back(width, options.bottleneck, options.filters, options.kernel_sizes);
    stack_->push_back(module_list_.back());
    width = module_list_.back()->out_channels();
    if (options.residual && d % 3 == 2) {
      shortcut_list_.emplace_back(residual_width, width, /*bias=*/false, /*always_project=*/true);
      shortcuts_->push_back(shortcut_list_.back());
      residual_width = width;
    }
  }
  add_head(width, options.drop_rate);
}

Signals InceptionTime::body(const Signals& input) {
  Signals h = input;
  Signals residual = input;
  for (size_t d = 0; d < module_list_.size(); ++d) {
    h = module_list_[d]->forward(h);
    if (d % 3 == 2 && d / 3 < shortcut_list_.size()) {
      h.values = zero_beyond_lengths(torch::relu(h.values + shortcut_list_[d / 3]->forward(residual.values)), h.lengths);
      residual = h;
    }
    if (LayerTrace::active()) LayerTrace::record(*module_list_[d], h.values);
  }
  return h;
}

}  // namespace sigvit
