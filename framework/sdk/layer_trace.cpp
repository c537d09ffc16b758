#include "sigvit/layer_trace.h"

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

namespace sigvit {

namespace {
thread_local LayerTrace* current_trace = nullptr;

int64_t builtin_macs(const torch::nn::Module& module, const torch::Tensor& output) {
  if (auto linear = dynamic_cast<const torch::nn::LinearImpl*>(&module)) {
    return output.numel() * linear->options.in_features();
  }
  if (auto conv = dynamic_cast<const torch::nn::Conv1dImpl*>(&module)) {
    return output.numel() * conv->weight[0].numel();
  }
  if (auto conv = dynamic_cast<const torch::nn::Conv2dImpl*>(&module)) {
    return output.numel() * conv->weight[0].numel();
  }
  if (auto counted = dynamic_cast<const CountsMacs*>(&module)) return counted->own_macs(output);
  return 0;
}
}  // namespace

LayerTrace::LayerTrace() : previous_(current_trace) { current_trace = this; }

LayerTrace::~LayerTrace() { current_trace = previous_; }

bool LayerTrace::active() { return current_trace != nullptr; }

void LayerTrace::record(const torch::nn::Module& module, const torch::Tensor& output) {
  if (!current_trace) return;
  current_trace->records_.push_back(
      Record{&module, output.sizes().vec(), builtin_macs(module, output)});
}

}  // namespace sigvit
