#include "model/cnn/resnet2d.h"

#include "core/text.h"
#include "model/api/config_values.h"
#include "sigvit/error.h"
#include "sigvit/layer_trace.h"

namespace sigvit {

Resnet2dOptions Resnet2dOptions::parse(const ConfigNode& model) {
  model.expect_keys({"type", "input_shape", "num_classes", "widths", "blocks", "drop_rate"});
  Resnet2dOptions options;
  options.input_shape = read_input_shape(model, "resnet2d", "[C, H, W]");
  options.num_classes = read_num_classes(model);
  options.widths = read_positive_list(model, "widths", options.widths);
  options.blocks = read_positive_list(model, "blocks", options.blocks);
  if (options.blocks.size() != options.widths.size()) {
    model.child("blocks").fail("expected one block count per entry of widths (" +
                               std::to_string(options.widths.size()) + "), got " +
                               std::to_string(options.blocks.size()));
  }
  options.drop_rate = read_rate(model, "drop_rate", options.drop_rate);
  return options;
}

Resnet2d::Resnet2d(const Resnet2dOptions& options) : options_(options) {
  if (options_.input_shape.size() != 3) {
    throw Error("resnet2d: input_shape must be [C, H, W], got " + shape_to_string(options_.input_shape));
  }
  int64_t width = options_.widths.front();
  stem_ = register_module(
      "stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(options_.input_shape[0], width, 3).padding(1).bias(false)));
  stages_ = register_module("stages", torch::nn::ModuleList());
  for (size_t stage = 0; stage < options_.widths.size(); ++stage) {
    for (int64_t b = 0; b < options_.blocks[stage]; ++b) {
      const int64_t stride = stage > 0 && b == 0 ? 2 : 1;
      block_list_.emplace_back(width, options_.widths[stage], stride);
      stages_->push_back(block_list_.back());
      width = options_.widths[stage];
    }
  }
  bn_ = register_module("bn", BatchNorm(width));
  drop_ = register_module("drop", torch::nn::Dropout(options_.drop_rate));
  if (options_.num_classes > 0) head_ = register_module("head", torch::nn::Linear(width, options_.num_classes));
}

ModelOutput Resnet2d::forward(const ModelInput& input) {
  const torch::Tensor& x = input.x;
  if (x.dim() != 4 || x.size(1) != options_.input_shape[0]) {
    throw Error("resnet2d: expected a batch [B, " + std::to_string(options_.input_shape[0]) + ", H, W], got " +
                shape_to_string(x.sizes().vec()));
  }
  if (input.lengths.defined()) throw Error("resnet2d: lengths apply to signals only, not to images");
  auto h = traced(stem_, x);
  for (auto& block : block_list_) {
    h = block->forward(h);
    if (LayerTrace::active()) LayerTrace::record(*block, h);
  }
  ModelOutput out;
  out.features = torch::relu(traced(bn_, h)).mean({2, 3});
  if (!head_.is_empty()) out.logits = traced(head_, traced(drop_, out.features));
  return out;
}

}  // namespace sigvit
