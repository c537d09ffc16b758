#pragma once

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checkpoint/model_card.h"
#include "results/training_state.h"
#include "model/api/classifier.h"

namespace sigvit {

struct CheckpointContent {
  ModelCard card;
  TrainingState state;
};

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// A moving average of the weights (train.ema) kept beside the model's own,
// so that a resumed run continues it exactly.
struct WeightAverageRecord {
  NamedTensors tensors;
  int64_t updates = 0;
};

// A checkpoint file: the model's parameters and buffers, optionally the
// optimizer's state and the global random generator's state, optionally a
// weight average, and the card and training state as YAML. Saving is atomic:
// an interrupted save leaves the previous file intact.
void save_checkpoint(const std::string& path, const CheckpointContent& content, Classifier& model,
                     torch::optim::Optimizer* optimizer, const WeightAverageRecord* average = nullptr);

// save_checkpoint in two halves: the file's bytes, taken now, and their
// atomic write to `path`, which may come later.
std::string serialize_checkpoint(const CheckpointContent& content, Classifier& model,
                                 torch::optim::Optimizer* optimizer, const WeightAverageRecord* average = nullptr);
void write_checkpoint(const std::string& path, const std::string& bytes);

// The card and state alone. Errors name the file: missing, not a checkpoint
// (or corrupt), or from another format version.
CheckpointContent read_checkpoint(const std::string& path);

// Loads the weights into `model` (built from the card's config), and the
// optimizer's and random generator's state when `optimizer` is given.
void load_checkpoint_weights(const std::string& path, Classifier& model, torch::optim::Optimizer* optimizer);

// The weight average the checkpoint holds, if any.
std::optional<WeightAverageRecord> read_weight_average(const std::string& path);

}  // namespace sigvit
