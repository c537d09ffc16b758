#include "model/api/model_registry.h"

#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// model.pretrained says where initial weights come from, which is no
// architecture's business: builders never see it (the weights layer reads it).
ConfigNode without_pretrained(const ConfigNode& model) {
  if (!model.has("pretrained")) return model;
  YAML::Node copy = YAML::Clone(model.yaml());
  copy.remove("pretrained");
  return ConfigNode(copy, model.path(), model.origins());
}

}  // namespace

void ModelRegistry::add(const std::string& type, ModelBuilder build) {
  if (type.empty()) throw Error("a model type was registered without a name");
  if (!build) throw Error("model type '" + type + "' was registered without a builder");
  if (contains(type)) throw Error("model type '" + type + "' is already registered");
  builders_.emplace(type, std::move(build));
}

std::vector<std::string> ModelRegistry::types() const {
  std::vector<std::string> out;
  for (const auto& entry : builders_) out.push_back(entry.first);
  return out;
}

std::shared_ptr<Classifier> ModelRegistry::build(const ConfigNode& model, const EmbedderRegistry& embedders) const {
  if (!model.is_map()) model.fail("expected a mapping describing the model");
  const std::string type = model.get<std::string>("type", "vit");
  auto found = builders_.find(type);
  if (found == builders_.end()) {
    model.child("type").fail(unknown_name("unknown model type", type, types(), "available types"));
  }
  std::shared_ptr<Classifier> built = found->second(without_pretrained(model), embedders);
  if (!built) model.child("type").fail("the builder of model type '" + type + "' built nothing");
  return built;
}

}  // namespace sigvit
