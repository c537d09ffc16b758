#include "model/layers/attention_recording.h"

namespace sigvit {
namespace {

thread_local AttentionRecording* current = nullptr;

}  // namespace

AttentionRecording::AttentionRecording() : previous_(current) { current = this; }

AttentionRecording::~AttentionRecording() { current = previous_; }

bool AttentionRecording::active() { return current != nullptr; }

void AttentionRecording::record(const torch::Tensor& weights, const torch::Tensor& key_bias) {
  if (!current) return;
  if (!current->valid_.defined()) {
    current->valid_ = key_bias.defined()
                          ? key_bias.detach().to(torch::kCPU).reshape({weights.size(0), weights.size(3)}).eq(0)
                          : torch::ones({weights.size(0), weights.size(3)}, torch::kBool);
  }
  current->maps_.push_back(weights.detach().to(torch::kCPU, torch::kFloat32));
}

}  // namespace sigvit
