#include "checkpoint/model_card.h"

#include "config/config_loader.h"
#include "model/builtin_models.h"
#include "model/layers/init.h"

namespace sigvit {

std::shared_ptr<Classifier> build_model_from_card(const ModelCard& card, const std::string& checkpoint_path) {
  const LoadedConfig config = parse_config(card.config_yaml, checkpoint_path + " (its config)");
  const SkipRandomInit weights_come_from_the_checkpoint;
  return build_model_from_config(config.node(), checkpoint_path);
}

}  // namespace sigvit
