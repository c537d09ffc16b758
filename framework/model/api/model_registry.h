#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config_node.h"
#include "model/api/classifier.h"
#include "model/api/embedder_registry.h"

namespace sigvit {

// Builds a model from its `model:` section. Only types with an embedder (vit)
// use `embedders`; the others ignore it.
using ModelBuilder =
    std::function<std::shared_ptr<Classifier>(const ConfigNode& model, const EmbedderRegistry& embedders)>;

// Maps a YAML `model.type` to the builder of that architecture. Types are added
// by explicit calls (see add_builtin_models), never by static initialisers.
class ModelRegistry {
 public:
  // Throws sigvit::Error if the type is empty, taken, or has no builder.
  void add(const std::string& type, ModelBuilder build);

  bool contains(const std::string& type) const { return builders_.count(type) > 0; }
  std::vector<std::string> types() const;

  // Builds `model` by its `type` (default `vit`). An unknown type fails at
  // model.type, suggesting the closest registered type and listing them all.
  std::shared_ptr<Classifier> build(const ConfigNode& model, const EmbedderRegistry& embedders) const;

 private:
  std::map<std::string, ModelBuilder> builders_;
};

}  // namespace sigvit
