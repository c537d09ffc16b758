#include "engine/train_step.h"

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <cmath>
#include <limits>
#include <optional>

#include "engine/classification_loss.h"
#include "model/layers/batch_norm.h"

namespace sigvit {
namespace {

// Drops the gradients rather than zeroing them: backward then hands its
// fresh gradient buffers to the parameters, where zeroed ones would cost a
// fill and an add over every parameter. A parameter the loss does not reach
// keeps no gradient and the optimizer skips it, as PyTorch does by default
// since 2.0. (The data-parallel average counts a missing gradient as zeros.)
void drop_gradients(torch::optim::Optimizer& optimizer) {
  for (auto& group : optimizer.param_groups()) {
    for (auto& parameter : group.params()) parameter.mutable_grad().reset();
  }
}

// Synchronised BatchNorm's sums, over the reducer's ranks.
class SumOverCommunicator : public RankSum {
 public:
  explicit SumOverCommunicator(Communicator& communicator) : communicator_(communicator) {}
  void sum(torch::Tensor& tensor) override {
    std::vector<torch::Tensor> tensors{tensor};
    communicator_.all_reduce_sum(tensors);
  }

 private:
  Communicator& communicator_;
};

// The global L2 norm over every gradient, in one reduction.
// A self-scoring model may have no logits.
torch::Tensor detached(const torch::Tensor& tensor) { return tensor.defined() ? tensor.detach() : tensor; }

double gradient_norm(const std::vector<torch::Tensor>& parameters) {
  std::vector<torch::Tensor> norms;
  for (const torch::Tensor& parameter : parameters) {
    if (parameter.grad().defined()) norms.push_back(parameter.grad().norm());
  }
  return norms.empty() ? 0.0 : torch::stack(norms).norm().item<double>();
}

}  // namespace

StepResult take_optimizer_step(Classifier& model, torch::optim::Optimizer& optimizer, const Batch& batch,
                               const LossOptions& loss_options, double grad_clip, Precision precision,
                               GradientReducer* reducer) {
  drop_gradients(optimizer);
  if (reducer) reducer->broadcast_buffers();
  std::optional<SumOverCommunicator> ranks_sum;
  if (reducer && reducer->synchronise_batchnorm) ranks_sum.emplace(reducer->communicator());
  SynchronisedBatchNormScope synchronised(ranks_sum ? &*ranks_sum : nullptr);
  ModelOutput output;
  torch::Tensor loss;
  {
    PrecisionScope scope(precision);
    output = model.forward(ModelInput{batch.x, batch.lengths});
    loss = output.loss.defined() ? output.loss : classification_loss(output, batch, loss_options);
  }
  const bool loss_finite = std::isfinite(loss.item<double>());
  // Synchronised BatchNorm sums gradients over the ranks in backward, so a
  // rank with a non-finite loss still takes part; the step is dropped after.
  if (loss_finite || ranks_sum) loss.backward();
  const bool every_loss_finite = reducer ? reducer->average_gradients(loss_finite) : loss_finite;
  if (!every_loss_finite) {
    return {loss.detach(), detached(output.logits), std::numeric_limits<double>::quiet_NaN(), false};
  }
  const std::vector<torch::Tensor> parameters = model.parameters();
  const double grad_norm = gradient_norm(parameters);
  if (!std::isfinite(grad_norm)) return {loss.detach(), detached(output.logits), grad_norm, false};
  // As torch.nn.utils.clip_grad_norm_ scales.
  if (grad_clip > 0 && grad_norm > grad_clip) {
    const double scale = grad_clip / (grad_norm + 1e-6);
    for (const torch::Tensor& parameter : parameters) {
      if (parameter.grad().defined()) parameter.grad().mul_(scale);
    }
  }
  optimizer.step();
  return {loss.detach(), detached(output.logits), grad_norm, true};
}

}  // namespace sigvit
