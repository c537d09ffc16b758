#pragma once

#include <memory>

#include "config/config_node.h"
#include "model/api/classifier.h"
#include "model/api/embedder_registry.h"
#include "model/vit/vision_transformer.h"

namespace sigvit {

// Reads the `model:` section of a ViT (schema in configs/README.md); every
// error names the file, line and key.
VitOptions parse_vit_options(const ConfigNode& model);

// The builder of model type `vit`: the options above, its embedder taken from
// `embedders` by `model.embedder.name`.
std::shared_ptr<Classifier> build_vision_transformer(const ConfigNode& model, const EmbedderRegistry& embedders);

}  // namespace sigvit
