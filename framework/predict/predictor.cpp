#include "predict/predictor.h"

#include <c10/core/InferenceMode.h>
#include <torch/nn/functional/activation.h>

#include "checkpoint/model_card.h"
#include "core/text.h"
#include "data/load/augmentation.h"
#include "model/layers/attention_recording.h"
#include "data/load/batch.h"
#include "data/load/normalization.h"
#include "sigvit/error.h"

namespace sigvit {

Predictor::Predictor(const std::string& checkpoint_path, const torch::Device& device, Precision precision)
    : card_(read_checkpoint(checkpoint_path).card), device_(device), precision_(precision) {
  model_ = build_model_from_card(card_, checkpoint_path);
  load_checkpoint_weights(checkpoint_path, *model_, nullptr);
  model_->to(device_);
  model_->eval();
}

Batch Predictor::prepared(torch::Tensor x, torch::Tensor lengths) const {
  const std::vector<int64_t> shape = input_shape();
  if (x.dim() != static_cast<int64_t>(shape.size()) + 1 || x.size(1) != shape[0]) {
    throw Error("predict: a batch of shape " + shape_to_string(x.sizes().vec()) + " for a model of input shape " +
                shape_to_string(shape));
  }
  Batch batch{x.to(torch::kFloat32).clone(), torch::zeros({x.size(0)}, torch::kInt64), lengths, {}, 1.0};
  Normalizer(card_.normalization, card_.stats).apply(batch.x, batch.lengths);
  if (card_.kind == DatasetKind::signal1d) {
    if (x.size(2) != shape.back()) {
      // The same centred crop or padding that evaluation applies with crop_length.
      AugmentOptions centre;
      centre.crop_length = shape.back();
      centre.crop_center = true;
      Augmenter(centre, DatasetKind::signal1d).apply(batch, 0);
    }
  } else if (x.size(2) != shape[1] || x.size(3) != shape[2]) {
    throw Error("predict: images of " + std::to_string(x.size(2)) + "x" + std::to_string(x.size(3)) +
                " pixels, the model takes " + std::to_string(shape[1]) + "x" + std::to_string(shape[2]));
  }
  return batch;
}

torch::Tensor Predictor::forward(const Batch& batch) const {
  c10::InferenceMode inference;
  torch::Tensor logits;
  {
    PrecisionScope scope(precision_);
    logits = model_->forward(ModelInput{batch.x.to(device_),
                                        batch.lengths.defined() ? batch.lengths.to(device_) : batch.lengths})
                 .logits.to(torch::kFloat);
  }
  return torch::softmax(logits, 1).to(torch::kCPU);
}

torch::Tensor Predictor::probabilities(torch::Tensor x, torch::Tensor lengths) const {
  return forward(prepared(std::move(x), std::move(lengths)));
}

Predictor::Attended Predictor::attend(torch::Tensor x, torch::Tensor lengths) const {
  const Batch batch = prepared(std::move(x), std::move(lengths));
  AttentionRecording recording;
  Attended attended;
  attended.probabilities = forward(batch);
  attended.x = batch.x;
  attended.lengths = batch.lengths;
  attended.attention = recording.maps();
  attended.valid_tokens = recording.valid_tokens();
  return attended;
}

}  // namespace sigvit
