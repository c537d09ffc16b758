#pragma once

#include <torch/types.h>

#include <vector>

namespace sigvit {

// While one is alive on a thread, every self-attention layer that runs there
// hands its softmax weights [B, heads, N, N] to it, in the order the layers
// run (detached, on the CPU). Without one, the attention layers pay a
// thread-local pointer test and nothing else. Recording takes the weights
// from whichever attention core runs: the fused CPU kernel when gradients
// are off, the op-by-op path otherwise.
class AttentionRecording {
 public:
  AttentionRecording();
  ~AttentionRecording();
  AttentionRecording(const AttentionRecording&) = delete;
  AttentionRecording& operator=(const AttentionRecording&) = delete;

  const std::vector<torch::Tensor>& maps() const { return maps_; }
  // [B, N]: which tokens were attended to at all (false for padding), as the
  // first recorded layer's key bias said; undefined before any layer ran.
  const torch::Tensor& valid_tokens() const { return valid_; }

  static bool active();
  // Adds `weights` to the recording alive on this thread, if any. key_bias is
  // the layer's [B, 1, 1, N] bias (0 for valid keys) or undefined.
  static void record(const torch::Tensor& weights, const torch::Tensor& key_bias);

 private:
  std::vector<torch::Tensor> maps_;
  torch::Tensor valid_;
  AttentionRecording* previous_;
};

}  // namespace sigvit
