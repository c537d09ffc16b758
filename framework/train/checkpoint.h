#pragma once

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <optional>
#include <string>
#include <vector>

#include "data/dataset_layout.h"
#include "data/normalization.h"
#include "model/classifier.h"
#include "train/training_state.h"

namespace sigvit {

// What a model needs besides its weights to be used on new data: a checkpoint
// carries it, so `sigvit predict` needs nothing but the checkpoint.
struct ModelCard {
  std::string config_yaml;  // the resolved experiment, `model:` complete
  std::vector<std::string> class_names;
  DatasetKind kind = DatasetKind::signal1d;
  std::optional<double> sample_rate;
  NormalizationMode normalization = NormalizationMode::none;
  NormalizationStats stats;  // per_channel only
  // value = stored * scale + offset of the training data when it was stored as
  // 8-bit integers, so an 8-bit image file is decoded the same way.
  std::optional<std::pair<double, double>> uint8_encoding;
};

struct CheckpointContent {
  ModelCard card;
  TrainingState state;
};

// A checkpoint file: the model's parameters and buffers, optionally the
// optimizer's state and the global random generator's state, and the card and
// training state as YAML. Saving is atomic: an interrupted save leaves the
// previous file intact.
void save_checkpoint(const std::string& path, const CheckpointContent& content, Classifier& model,
                     torch::optim::Optimizer* optimizer);

// The card and state alone. Errors name the file: missing, not a checkpoint
// (or corrupt), or from another format version.
CheckpointContent read_checkpoint(const std::string& path);

// Loads the weights into `model` (built from the card's config), and the
// optimizer's and random generator's state when `optimizer` is given.
void load_checkpoint_weights(const std::string& path, Classifier& model, torch::optim::Optimizer* optimizer);

}  // namespace sigvit
