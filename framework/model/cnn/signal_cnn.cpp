#include "model/cnn/signal_cnn.h"

#include "core/text.h"
#include "sigvit/error.h"
#include "sigvit/layer_trace.h"
#include "sigvit/padding.h"

namespace sigvit {

SignalCnn::SignalCnn(std::string type, std::vector<int64_t> input_shape, int64_t num_classes)
    : type_(std::move(type)), input_shape_(std::move(input_shape)), num_classes_(num_classes) {
  if (input_shape_.size() != 2) {
    throw Error(type_ + ": input_shape must be [C, L], got " + shape_to_string(input_shape_));
  }
}

void SignalCnn::add_head(int64_t features, double drop_rate) {
  drop_ = register_module("drop", torch::nn::Dropout(drop_rate));
  if (num_classes_ > 0) head_ = register_module("head", torch::nn::Linear(features, num_classes_));
}

ModelOutput SignalCnn::forward(const ModelInput& input) {
  const torch::Tensor& x = input.x;
  if (x.dim() != 3 || x.size(1) != input_shape_[0]) {
    throw Error(type_ + ": expected a batch [B, " + std::to_string(input_shape_[0]) + ", L], got " +
                shape_to_string(x.sizes().vec()));
  }
  Signals signals{x, input.lengths};
  int64_t shortest = x.size(2);
  if (input.lengths.defined()) {
    check_lengths(input.lengths, x, type_);
    signals.values = zero_beyond_lengths(x, input.lengths);
    if (input.lengths.numel() > 0) shortest = input.lengths.min().item<int64_t>();
  }
  if (shortest < min_length()) {
    throw Error(type_ + ": signals need at least " + std::to_string(min_length()) + " samples, got one of " +
                std::to_string(shortest));
  }
  ModelOutput out;
  out.features = masked_average(body(signals));
  if (!head_.is_empty()) out.logits = traced(head_, traced(drop_, out.features));
  return out;
}

}  // namespace sigvit
