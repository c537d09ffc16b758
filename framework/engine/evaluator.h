#pragma once

#include <torch/types.h>

#include <cstdint>
#include <optional>

#include "data/load/batch_loader.h"
#include "distributed/communicator.h"
#include "engine/confusion_matrix.h"
#include "model/api/classifier.h"
#include "runtime/precision.h"

namespace sigvit {

struct Evaluation {
  double loss = 0;  // mean cross-entropy, no smoothing
  ConfusionMatrix confusion;
  int64_t cases = 0;
  double seconds = 0;
  // The mean one-vs-rest AUROC of the softmax probabilities over the classes
  // present (compare/statistics/auroc.h); unset for a self-scoring model or
  // when no class has both positive and negative cases.
  std::optional<double> macro_auroc;

  double accuracy() const { return confusion.accuracy(); }
};

// Runs `model` in eval mode, without gradients, over one epoch of `loader`
// (an evaluation loader: no shuffle, no augmentation). The model's training
// mode is restored afterwards.
// Forward passes run in `precision`; the loss is computed in float32.
// With `ranks`, each rank's loader holds its share of the split (see
// LoaderOptions::pad_shares) and the sums are taken over all ranks, so that
// every rank returns the evaluation of the whole split.
Evaluation evaluate(Classifier& model, BatchLoader& loader, const torch::Device& device,
                    Precision precision = Precision::fp32, Communicator* ranks = nullptr);

// Moves a batch's tensors to `device`.
Batch to_device(Batch batch, const torch::Device& device);

}  // namespace sigvit
