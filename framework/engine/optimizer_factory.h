#pragma once

#include <torch/optim/optimizer.h>

#include <memory>

#include "engine/train_options.h"
#include "model/api/classifier.h"

namespace sigvit {

// Parameter groups: weights, decayed; and biases, normalisation weights
// (every parameter of rank <= 1) plus the model's no_weight_decay() names, not
// decayed, since decaying them only pulls them towards zero. With
// layer_decay < 1, one such pair per layer of the ViT. Parameters matching
// options.freeze stop requiring gradients and stay out; a pattern that matches
// nothing, or one that freezes everything, is an Error naming train.freeze.
// `lr_scales` receives each group's multiplier of the scheduled rate.
std::unique_ptr<torch::optim::Optimizer> build_optimizer(Classifier& model, const OptimizerOptions& options,
                                                         std::vector<double>* lr_scales = nullptr);

// Sets the learning rate of every group: lr times its scale (1 without scales).
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr, const std::vector<double>& lr_scales = {});

// The layer of a ViT parameter for layer-wise decay: 0 for the embedder,
// tokens and position table, i + 1 for encoder block i, depth + 1 for the
// rest (final norm, head).
int64_t vit_layer_of(const std::string& name, int64_t depth);

}  // namespace sigvit
