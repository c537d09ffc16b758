#include "engine/optimizer_factory.h"

#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

#include <algorithm>
#include <set>

#include "engine/fused_adamw.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

std::unique_ptr<torch::optim::OptimizerOptions> group_options(const OptimizerOptions& options, double weight_decay) {
  if (options.kind == OptimizerKind::sgd) {
    return std::make_unique<torch::optim::SGDOptions>(torch::optim::SGDOptions(options.lr)
                                                          .momentum(options.momentum)
                                                          .nesterov(options.nesterov)
                                                          .weight_decay(weight_decay));
  }
  return std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(options.lr)
                                                          .betas({options.betas[0], options.betas[1]})
                                                          .eps(options.eps)
                                                          .weight_decay(weight_decay));
}

}  // namespace

std::unique_ptr<torch::optim::Optimizer> build_optimizer(Classifier& model, const OptimizerOptions& options) {
  const std::vector<std::string> listed = model.no_weight_decay();
  const std::set<std::string> exempt(listed.begin(), listed.end());
  std::vector<torch::Tensor> decayed;
  std::vector<torch::Tensor> not_decayed;
  for (const auto& item : model.named_parameters()) {
    if (!item.value().requires_grad()) continue;
    const bool decay = item.value().dim() > 1 && !exempt.count(item.key());
    (decay ? decayed : not_decayed).push_back(item.value());
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(decayed, group_options(options, options.weight_decay));
  groups.emplace_back(not_decayed, group_options(options, 0.0));
  if (options.kind == OptimizerKind::sgd) {
    if (options.nesterov && options.momentum == 0) throw Error("train.nesterov needs train.momentum > 0");
    return std::make_unique<torch::optim::SGD>(groups, torch::optim::SGDOptions(options.lr));
  }
  return std::make_unique<FusedAdamW>(groups, torch::optim::AdamWOptions(options.lr));
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

}  // namespace sigvit
