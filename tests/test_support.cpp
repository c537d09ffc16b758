#include "test_support.h"

#include "model/api/plugin_loader.h"
#include "model/builtin_models.h"

namespace sigvit::testing {

const EmbedderRegistry& builtins() {
  static const EmbedderRegistry registry = registry_with_builtins();
  return registry;
}

std::shared_ptr<Classifier> model_from_yaml(const std::string& yaml, const std::vector<std::string>& overrides) {
  LoadedConfig config = parse_config(yaml, "test.yaml", overrides);
  return build_model(config.node().child("model"), builtins());
}

torch::Tensor eval_logits(Classifier& model, const torch::Tensor& x) {
  torch::NoGradGuard no_grad;
  model.eval();
  return model.forward(ModelInput{x, {}}).logits;
}

std::vector<int64_t> values(const torch::Tensor& tensor) {
  auto flat = tensor.to(torch::kLong).contiguous().flatten();
  return std::vector<int64_t>(flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel());
}

std::string preset_path(const std::string& name) {
  return std::string(SIGVIT_SOURCE_DIR) + "/configs/models/" + name + ".yaml";
}

}  // namespace sigvit::testing
