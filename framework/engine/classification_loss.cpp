#include "engine/classification_loss.h"

#include <torch/nn/functional/loss.h>

#include "sigvit/error.h"

namespace sigvit {
namespace {

// In float32 whatever the model computed in: a bf16 forward pass hands over
// bf16 logits, and the loss's log-softmax needs float32's range.
torch::Tensor cross_entropy(const torch::Tensor& model_logits, const Batch& batch, const LossOptions& settings) {
  namespace F = torch::nn::functional;
  const torch::Tensor logits = model_logits.to(torch::kFloat);
  auto options = F::CrossEntropyFuncOptions().label_smoothing(settings.label_smoothing);
  if (!settings.class_weights.empty()) {
    if (static_cast<int64_t>(settings.class_weights.size()) != logits.size(1))
      throw Error("train.class_weights: " + std::to_string(settings.class_weights.size()) + " weights for a model of " +
                  std::to_string(logits.size(1)) + " classes");
    options = options.weight(torch::tensor(settings.class_weights, logits.options()));
  }
  torch::Tensor loss = F::cross_entropy(logits, batch.y, options);
  if (batch.y_mix.defined()) {
    loss = batch.mix_lambda * loss + (1.0 - batch.mix_lambda) * F::cross_entropy(logits, batch.y_mix, options);
  }
  return loss;
}

}  // namespace

torch::Tensor classification_loss(const ModelOutput& output, const Batch& batch, const LossOptions& options) {
  torch::Tensor loss = cross_entropy(output.logits, batch, options);
  if (output.distill_logits.defined()) {
    loss = 0.5 * (loss + cross_entropy(output.distill_logits, batch, options));
  }
  return loss;
}

double count_correct(const torch::Tensor& logits, const Batch& batch) {
  if (!logits.defined()) return 0.0;
  const torch::Tensor& labels = batch.y_mix.defined() && batch.mix_lambda < 0.5 ? batch.y_mix : batch.y;
  return logits.argmax(1).eq(labels).sum().item<double>();
}

}  // namespace sigvit
