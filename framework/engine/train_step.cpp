#include "engine/train_step.h"

#include <torch/nn/utils/clip_grad.h>

#include "engine/classification_loss.h"

namespace sigvit {
namespace {

// Drops the gradients rather than zeroing them: backward then hands its
// fresh gradient buffers to the parameters, where zeroed ones would cost a
// fill and an add over every parameter. A parameter the loss does not reach
// keeps no gradient and the optimizer skips it, as PyTorch does by default
// since 2.0. (A data-parallel all-reduce must then treat a missing gradient
// as zeros.)
void drop_gradients(torch::optim::Optimizer& optimizer) {
  for (auto& group : optimizer.param_groups()) {
    for (auto& parameter : group.params()) parameter.mutable_grad().reset();
  }
}

}  // namespace

StepResult take_optimizer_step(Classifier& model, torch::optim::Optimizer& optimizer, const Batch& batch,
                               double label_smoothing, double grad_clip, Precision precision) {
  drop_gradients(optimizer);
  ModelOutput output;
  torch::Tensor loss;
  {
    PrecisionScope scope(precision);
    output = model.forward(ModelInput{batch.x, batch.lengths});
    loss = classification_loss(output, batch, label_smoothing);
  }
  loss.backward();
  if (grad_clip > 0) torch::nn::utils::clip_grad_norm_(model.parameters(), grad_clip);
  optimizer.step();
  return {loss.detach(), output.logits.detach()};
}

}  // namespace sigvit
