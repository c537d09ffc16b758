#include "weights/weight_export.h"

#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {

NamedTensors tensors_for_export(Classifier& model, WeightNames names) {
  NamedTensors tensors;
  std::vector<std::string> unnamed;
  const auto add = [&](const std::string& name, const torch::Tensor& tensor) {
    if (const auto renamed = from_sigvit_name(names, name)) {
      tensors.emplace_back(*renamed, tensor.detach());
    } else {
      unnamed.push_back(name);
    }
  };
  for (const auto& item : model.named_parameters()) add(item.key(), item.value());
  for (const auto& item : model.named_buffers()) add(item.key(), item.value());
  if (!unnamed.empty()) {
    throw Error("the model has tensors that " + to_string(names) + "'s ViT has no name for: " + join(unnamed, ", ") +
                "; export with --names sigvit instead");
  }
  return tensors;
}

}  // namespace sigvit
