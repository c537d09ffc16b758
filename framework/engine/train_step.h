#pragma once

#include <torch/optim/optimizer.h>

#include "data/load/batch.h"
#include "engine/classification_loss.h"
#include "distributed/gradient_reducer.h"
#include "model/api/classifier.h"
#include "runtime/precision.h"

namespace sigvit {

struct StepResult {
  torch::Tensor loss;    // scalar, detached
  torch::Tensor logits;  // [B, num_classes], detached
  double grad_norm = 0;  // global L2 norm of the gradients before clipping; NaN when the loss was not finite
  bool applied = true;   // false: the loss or a gradient was NaN or infinite, and the update was not made
};

// One optimizer step on one batch: forward, classification loss, backward,
// optional global gradient-norm clipping (grad_clip > 0), update. A loss or
// gradient that is not finite makes no update (see StepResult). The trainer
// and `sigvit bench` share it, so that the benchmark times the trainer's step.
// The forward pass runs in `precision`; weights, gradients and the update stay float32.
// With a `reducer` (data-parallel training) buffers come from rank 0 before
// the forward and gradients are averaged over the ranks before clipping, and
// a loss that is not finite on any rank makes every rank skip the step.
StepResult take_optimizer_step(Classifier& model, torch::optim::Optimizer& optimizer, const Batch& batch,
                               const LossOptions& loss_options, double grad_clip, Precision precision = Precision::fp32,
                               GradientReducer* reducer = nullptr);

}  // namespace sigvit
