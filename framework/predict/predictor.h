#pragma once

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checkpoint/checkpoint.h"
#include "data/load/batch.h"
#include "model/api/classifier.h"
#include "runtime/precision.h"

namespace sigvit {

// A trained model ready for new data, built from a checkpoint alone: its card
// gives the architecture, classes and the preprocessing the training data got.
class Predictor {
 public:
  // Forward passes run in `precision` (runtime/precision.h); probabilities are float32.
  Predictor(const std::string& checkpoint_path, const torch::Device& device, Precision precision = Precision::fp32);

  const ModelCard& card() const { return card_; }
  // One sample's shape as the model takes it, [C, L] or [C, H, W].
  std::vector<int64_t> input_shape() const { return model_->input_shape(); }

  // Class probabilities [B, num_classes] for `x` [B, C, L] or [B, C, H, W] on
  // the training data's value scale (before normalisation), with `lengths`
  // [B] the valid samples of each signal (undefined: all valid). Preprocessed
  // as evaluation does: normalised as in training, then each signal centred
  // in the model's length (cropped or zero-padded, as a centred crop_length
  // does). Images must already have the model's size.
  torch::Tensor probabilities(torch::Tensor x, torch::Tensor lengths) const;

  // What the model saw and attended to for a batch, preprocessed as above.
  struct Attended {
    torch::Tensor x;        // [B, ...] the model's input: normalised, cropped or padded
    torch::Tensor lengths;  // [B] valid samples after cropping; undefined for images
    torch::Tensor probabilities;
    std::vector<torch::Tensor> attention;  // per attention layer, [B, heads, N, N]
    torch::Tensor valid_tokens;            // [B, N], false for padding
  };
  Attended attend(torch::Tensor x, torch::Tensor lengths) const;

  const Classifier& model() const { return *model_; }

 private:
  ModelCard card_;
  torch::Device device_;
  Precision precision_;
  Batch prepared(torch::Tensor x, torch::Tensor lengths) const;
  torch::Tensor forward(const Batch& batch) const;

  std::shared_ptr<Classifier> model_;
};

}  // namespace sigvit
