#pragma once

#include <torch/types.h>

#include <vector>

#include "data/load/batch.h"
#include "model/api/classifier.h"

namespace sigvit {

struct LossOptions {
  double label_smoothing = 0.0;
  // One weight per class (train.class_weights); empty: every class 1.
  std::vector<double> class_weights;
};

// Mean cross-entropy of a batch with label smoothing, each case weighted by
// its class's weight (PyTorch's weighted mean: divided by the sum of weights). A mixup batch is scored
// against both label sets, weighted by its lambda; a distillation head (trained
// here on the true labels, there is no teacher) shares the loss equally.
torch::Tensor classification_loss(const ModelOutput& output, const Batch& batch, const LossOptions& options);

// Cases of the batch whose prediction matches their dominant label: y, or
// y_mix when mixup gave the partner the larger weight. None without logits
// (a self-scoring model).
double count_correct(const torch::Tensor& logits, const Batch& batch);

}  // namespace sigvit
