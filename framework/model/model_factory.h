#pragma once

#include <memory>

#include "config/config_node.h"
#include "model/classifier.h"
#include "model/embedder_registry.h"
#include "model/model_registry.h"
#include "model/vision_transformer.h"

namespace sigvit {

// Reads the `model:` section (schema in configs/README.md); every error names
// the file, line and key.
VitOptions parse_vit_options(const ConfigNode& model);

// Registers the built-in model types: vit and the CNN baselines fcn, resnet1d,
// inception_time, m5 and resnet2d.
void add_builtin_models(ModelRegistry& registry);

// A registry holding the built-in types, filled on first use.
const ModelRegistry& builtin_models();

// Builds the model the `model:` section describes (by its `type`, default
// vit), a ViT's embedder taken from `embedders`.
std::shared_ptr<Classifier> build_model(const ConfigNode& model, const EmbedderRegistry& embedders);

}  // namespace sigvit
