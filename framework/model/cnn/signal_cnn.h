#pragma once

#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <cstdint>
#include <string>
#include <vector>

#include "model/api/classifier.h"
#include "model/cnn/signals.h"

namespace sigvit {

// The frame shared by the 1D CNN baselines: checks the batch, zeroes padding,
// runs the architecture's feature extractor (body), averages the valid
// positions and applies dropout and the linear head. With `lengths` undefined
// nothing is masked.
class SignalCnn : public Classifier {
 public:
  ModelOutput forward(const ModelInput& input) final;
  int64_t num_classes() const override { return num_classes_; }
  std::vector<int64_t> input_shape() const override { return input_shape_; }

 protected:
  // `type` names the model in errors; input_shape is [C, L].
  SignalCnn(std::string type, std::vector<int64_t> input_shape, int64_t num_classes);

  // Called by the derived constructor once the body is registered, so that
  // parameters are listed in forward order.
  void add_head(int64_t features, double drop_rate);

  // [B, C, L] zero beyond the lengths -> [B, F, L'] zero beyond the returned lengths.
  virtual Signals body(const Signals& input) = 0;

  // The fewest samples a signal may have for the body to leave one position.
  virtual int64_t min_length() const { return 1; }

 private:
  std::string type_;
  std::vector<int64_t> input_shape_;
  int64_t num_classes_;
  torch::nn::Dropout drop_{nullptr};
  torch::nn::Linear head_{nullptr};
};

}  // namespace sigvit
