#include "engine/weight_average.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <algorithm>
#include <cmath>

#include "sigvit/error.h"
#include "sigvit/shape_text.h"

namespace sigvit {

WeightAverage::WeightAverage(Classifier& model, EmaOptions options) : options_(options) {
  for (const auto& item : model.named_parameters()) model_tensors_.emplace_back(item.key(), item.value());
  for (const auto& item : model.named_buffers()) model_tensors_.emplace_back(item.key(), item.value());
  torch::NoGradGuard no_grad;
  for (const auto& [name, tensor] : model_tensors_) average_.push_back(tensor.detach().clone());
}

double WeightAverage::next_decay() const {
  if (!options_.warmup) return options_.decay;
  const double ramp = 1.0 - std::pow(1.0 + static_cast<double>(updates_), -2.0 / 3.0);
  return std::min(options_.decay, ramp);
}

void WeightAverage::update() {
  const double decay = next_decay();
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < average_.size(); ++i) {
    const torch::Tensor& current = model_tensors_[i].second;
    if (average_[i].is_floating_point()) {
      average_[i].lerp_(current.detach(), 1.0 - decay);
    } else {
      average_[i].copy_(current);
    }
  }
  ++updates_;
}

WeightAverageRecord WeightAverage::record() const {
  WeightAverageRecord record;
  for (size_t i = 0; i < average_.size(); ++i) record.tensors.emplace_back(model_tensors_[i].first, average_[i]);
  record.updates = updates_;
  return record;
}

void WeightAverage::restore(const WeightAverageRecord& record, const std::string& where) {
  const NamedTensors& tensors = record.tensors;
  if (tensors.size() != average_.size()) {
    throw Error(where + ": its weight average holds " + std::to_string(tensors.size()) + " tensors, the model has " +
                std::to_string(average_.size()));
  }
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < average_.size(); ++i) {
    const auto& [name, tensor] = tensors[i];
    if (name != model_tensors_[i].first || !tensor.sizes().equals(average_[i].sizes())) {
      throw Error(where + ": its weight average does not fit the model: tensor " + std::to_string(i + 1) + " is '" +
                  name + "' " + shape_to_string(tensor.sizes().vec()) + ", the model's is '" + model_tensors_[i].first +
                  "' " + shape_to_string(average_[i].sizes().vec()));
    }
    average_[i].copy_(tensor);
  }
  updates_ = record.updates;
}

void WeightAverage::exchange() {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < average_.size(); ++i) {
    torch::Tensor model_tensor = model_tensors_[i].second;
    const torch::Tensor held = model_tensor.detach().clone();
    model_tensor.detach().copy_(average_[i]);
    average_[i].copy_(held);
  }
}

WeightAverage::Swap::Swap(WeightAverage& average) : average_(average) { average_.exchange(); }

WeightAverage::Swap::~Swap() { average_.exchange(); }

}  // namespace sigvit
