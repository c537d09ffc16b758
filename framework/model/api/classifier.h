#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sigvit {

struct ModelInput {
  torch::Tensor x;        // [B, C, L] or [B, C, H, W]
  torch::Tensor lengths;  // [B] int64 valid samples per signal, or undefined
};

struct ModelOutput {
  // [B, num_classes]; undefined for a feature extractor (num_classes 0).
  torch::Tensor logits;
  // [B, num_classes] from a distillation head, in training only; in eval the
  // two heads are already averaged into `logits`.
  torch::Tensor distill_logits;
  // [B, F] the pooled representation the head reads.
  torch::Tensor features;
  // A model that scores itself (masked-patch pretraining): its mean loss over
  // the batch, which training and evaluation use instead of cross-entropy on
  // the labels. Undefined for classifiers.
  torch::Tensor loss;
};

// Anything the trainer, evaluator and summary can run: they never know which
// architecture is behind it.
class Classifier : public torch::nn::Module {
 public:
  virtual ModelOutput forward(const ModelInput& input) = 0;
  virtual int64_t num_classes() const = 0;
  // One sample's shape, [C, L] or [C, H, W], as configured.
  virtual std::vector<int64_t> input_shape() const = 0;
  // Names of parameters (as named_parameters() spells them) the optimizer must
  // not decay beyond biases and normalisation weights, which it recognises by
  // their rank: tokens and position tables, for instance.
  virtual std::vector<std::string> no_weight_decay() const { return {}; }
};

}  // namespace sigvit
