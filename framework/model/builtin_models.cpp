#include "model/builtin_models.h"

#include "core/filled_once.h"
#include "model/api/plugin_loader.h"
#include "model/cnn/fcn.h"
#include "model/cnn/inception_time.h"
#include "model/cnn/m5.h"
#include "model/cnn/resnet1d.h"
#include "model/cnn/resnet2d.h"
#include "model/vit/vit_builder.h"
#include "sigvit/error.h"

namespace sigvit {

void add_builtin_models(ModelRegistry& registry) {
  registry.add("vit", build_vision_transformer);
  registry.add("fcn", [](const ConfigNode& model, const EmbedderRegistry&) {
    return std::make_shared<Fcn>(FcnOptions::parse(model));
  });
  registry.add("resnet1d", [](const ConfigNode& model, const EmbedderRegistry&) {
    return std::make_shared<Resnet1d>(Resnet1dOptions::parse(model));
  });
  registry.add("inception_time", [](const ConfigNode& model, const EmbedderRegistry&) {
    return std::make_shared<InceptionTime>(InceptionTimeOptions::parse(model));
  });
  registry.add("m5", [](const ConfigNode& model, const EmbedderRegistry&) {
    return std::make_shared<M5>(M5Options::parse(model));
  });
  registry.add("resnet2d", [](const ConfigNode& model, const EmbedderRegistry&) {
    return std::make_shared<Resnet2d>(Resnet2dOptions::parse(model));
  });
}

const ModelRegistry& builtin_models() {
  return filled_once(add_builtin_models);
}

std::shared_ptr<Classifier> build_model(const ConfigNode& model, const EmbedderRegistry& embedders) {
  return builtin_models().build(model, embedders);
}

std::shared_ptr<Classifier> build_model_from_config(const ConfigNode& root, const std::string& config_file) {
  EmbedderRegistry registry = registry_with_builtins();
  load_config_plugins(root, config_file, registry);
  return build_model(root.child("model"), registry);
}

}  // namespace sigvit
