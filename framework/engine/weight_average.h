#pragma once

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "checkpoint/checkpoint.h"
#include "engine/train_options.h"
#include "model/api/classifier.h"

namespace sigvit {

// An exponential moving average of a model's parameters and floating-point
// buffers (integer buffers are copied), updated after every applied optimizer
// step. It lives beside the model on the model's device.
class WeightAverage {
 public:
  WeightAverage(Classifier& model, EmaOptions options);

  void update();
  int64_t updates() const { return updates_; }
  // The decay the next update will use.
  double next_decay() const;

  // The averaged tensors by the model's names and the update count, for a
  // checkpoint. restore() takes them back; errors name `where`.
  WeightAverageRecord record() const;
  void restore(const WeightAverageRecord& record, const std::string& where);

  // While alive, the model holds the averaged weights; its own come back on
  // destruction. Evaluating or saving "the average" is done inside one.
  class Swap {
   public:
    explicit Swap(WeightAverage& average);
    ~Swap();
    Swap(const Swap&) = delete;
    Swap& operator=(const Swap&) = delete;

   private:
    WeightAverage& average_;
  };

 private:
  void exchange();

  EmaOptions options_;
  NamedTensors model_tensors_;  // share storage with the model's
  std::vector<torch::Tensor> average_;
  int64_t updates_ = 0;
};

}  // namespace sigvit
