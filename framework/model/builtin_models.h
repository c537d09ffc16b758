#pragma once

// The one place that knows every built-in model type.

#include <memory>
#include <string>

#include "config/config_node.h"
#include "model/api/classifier.h"
#include "model/api/embedder_registry.h"
#include "model/api/model_registry.h"

namespace sigvit {

// Registers the built-in model types: vit and the CNN baselines fcn, resnet1d,
// inception_time, m5 and resnet2d.
void add_builtin_models(ModelRegistry& registry);

// A registry holding the built-in types, filled on first use.
const ModelRegistry& builtin_models();

// Builds the model the `model:` section describes (by its `type`, default
// vit), a ViT's embedder taken from `embedders`.
std::shared_ptr<Classifier> build_model(const ConfigNode& model, const EmbedderRegistry& embedders);

// Builds the `model:` section of a whole config with the built-in embedders
// and those of its `plugins:` (resolved beside `config_file`).
std::shared_ptr<Classifier> build_model_from_config(const ConfigNode& root, const std::string& config_file);

}  // namespace sigvit
