#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace sigvit {

/// Lets `sigvit summary` observe a forward pass: while a LayerTrace lives on a
/// thread, every layer called through traced() reports its output shape and
/// multiply-accumulates. LibTorch has no forward hooks, so layers opt in by
/// calling their children through traced(); when no trace is active the cost is
/// one thread-local pointer test.
class LayerTrace {
 public:
  /// What one traced layer reported during the forward pass.
  struct Record {
    const torch::nn::Module* module;    ///< the layer (owned by the model)
    std::vector<int64_t> output_shape;  ///< its output's shape, batch first
    int64_t macs;  ///< multiply-accumulates of this layer alone, children excluded
  };

  LayerTrace();
  ~LayerTrace();
  LayerTrace(const LayerTrace&) = delete;
  LayerTrace& operator=(const LayerTrace&) = delete;

  /// The layers reported so far, in the order their forward calls finished.
  const std::vector<Record>& records() const { return records_; }

  /// Whether a trace lives on this thread: traced() asks before recording.
  static bool active();
  /// Adds `module`'s record (its output's shape and, through CountsMacs or
  /// its type, its multiply-accumulates) to this thread's trace.
  static void record(const torch::nn::Module& module, const torch::Tensor& output);

 private:
  std::vector<Record> records_;
  LayerTrace* previous_;
};

/// Layers whose own arithmetic is not a Linear or a convolution (attention's
/// matrix products, a spectrogram) implement this to be counted by summaries.
class CountsMacs {
 public:
  virtual ~CountsMacs() = default;
  /// Multiply-accumulates of the call that produced `output`, per batch,
  /// excluding those of child layers (they report their own).
  virtual int64_t own_macs(const torch::Tensor& output) const = 0;
};

/// Calls `layer` (a module holder or a shared_ptr to a module) and reports its
/// output to an active LayerTrace.
template <typename Layer, typename... Args>
torch::Tensor traced(Layer& layer, Args&&... args) {
  torch::Tensor output = layer->forward(std::forward<Args>(args)...);
  if (LayerTrace::active()) LayerTrace::record(*layer, output);
  return output;
}

}  // namespace sigvit
