#pragma once

#include <torch/optim/optimizer.h>

#include <memory>

#include "engine/train_options.h"
#include "model/api/classifier.h"

namespace sigvit {

// Two parameter groups: weights, decayed; and biases, normalisation weights
// (every parameter of rank <= 1) plus the model's no_weight_decay() names, not
// decayed, since decaying them only pulls them towards zero.
std::unique_ptr<torch::optim::Optimizer> build_optimizer(Classifier& model, const OptimizerOptions& options);

// Sets the learning rate of every group.
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

}  // namespace sigvit
