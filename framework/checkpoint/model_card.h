#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "data/format/dataset_layout.h"
#include "data/profile/normalization_stats.h"
#include "model/api/classifier.h"

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
  // Where the weights training started from: empty for a random
  // initialisation, else the pretrained file and what its import did.
  std::string initial_weights;
};

// Rebuilds the model a checkpoint's card describes (its config's `model:` and
// `plugins:`, resolved beside `checkpoint_path`), without its weights: they
// are left uninitialised (SkipRandomInit) for load_checkpoint_weights to fill.
std::shared_ptr<Classifier> build_model_from_card(const ModelCard& card, const std::string& checkpoint_path);

}  // namespace sigvit
