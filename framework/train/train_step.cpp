#include "train/train_step.h"

#include <torch/nn/utils/clip_grad.h>

#include "train/classification_loss.h"

namespace sigvit {

StepResult take_optimizer_step(Classifier& model, torch::optim::Optimizer& optimizer, const Batch& batch,
                               double label_smoothing, double grad_clip) {
  optimizer.zero_grad();
  const ModelOutput output = model.forward(ModelInput{batch.x, batch.lengths});
  const torch::Tensor loss = classification_loss(output, batch, label_smoothing);
  loss.backward();
  if (grad_clip > 0) torch::nn::utils::clip_grad_norm_(model.parameters(), grad_clip);
  optimizer.step();
  return {loss.detach(), output.logits.detach()};
}

}  // namespace sigvit
