#include "model_test_support.h"

#include <torch/torch.h>

#include "config/config_loader.h"
#include "model/api/embedder_registry.h"
#include "model/builtin_models.h"
#include "summary/model_summary.h"

namespace sigvit::model_testing {

std::shared_ptr<Classifier> model_from_yaml(const std::string& yaml, const std::vector<std::string>& overrides) {
  LoadedConfig config = parse_config(yaml, "test.yaml", overrides);
  return build_model(config.node().child("model"), EmbedderRegistry());
}

std::shared_ptr<Classifier> preset(const std::string& name, const std::vector<std::string>& overrides) {
  LoadedConfig config = load_config(std::string(SIGVIT_SOURCE_DIR) + "/configs/models/" + name + ".yaml", overrides);
  return build_model(config.node().child("model"), EmbedderRegistry());
}

int64_t parameter_count(const Classifier& model) { return count_parameters(model).total; }

namespace {
template <typename Norm>
void randomize(Norm& norm) {
  norm.running_mean.normal_();
  norm.running_var.uniform_(0.5, 2.0);
  norm.weight.uniform_(0.5, 1.5);
  norm.bias.normal_();
}
}  // namespace

void randomize_batch_norms(Classifier& model) {
  torch::NoGradGuard no_grad;
  for (auto& module : model.modules()) {
    if (auto* norm = module->as<torch::nn::BatchNorm1d>()) randomize(*norm);
    if (auto* norm = module->as<torch::nn::BatchNorm2d>()) randomize(*norm);
  }
}

}  // namespace sigvit::model_testing
