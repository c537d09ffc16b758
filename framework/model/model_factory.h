#pragma once

#include <memory>

#include "config/config_node.h"
#include "model/classifier.h"
#include "model/embedder_registry.h"
#include "model/vision_transformer.h"

namespace sigvit {

// Reads the `model:` section (schema in configs/README.md); every error names
// the file, line and key.
VitOptions parse_vit_options(const ConfigNode& model);

// Builds the model the `model:` section describes, its embedder taken from `embedders`.
std::shared_ptr<Classifier> build_model(const ConfigNode& model, const EmbedderRegistry& embedders);

}  // namespace sigvit
