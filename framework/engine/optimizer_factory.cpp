#include "engine/optimizer_factory.h"

#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <map>
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

int64_t vit_layer_of(const std::string& name, int64_t depth) {
  static const std::string block = "encoder.blocks.";
  if (name.rfind(block, 0) == 0) return std::stoll(name.substr(block.size())) + 1;
  for (const char* first : {"patch_embed.", "cls_token", "dist_token", "pos_embed.", "mask_token"}) {
    if (name.rfind(first, 0) == 0) return 0;
  }
  return depth + 1;
}

std::unique_ptr<torch::optim::Optimizer> build_optimizer(Classifier& model, const OptimizerOptions& options,
                                                         std::vector<double>* lr_scales) {
  const std::vector<std::string> listed = model.no_weight_decay();
  const std::set<std::string> exempt(listed.begin(), listed.end());
  const auto named = model.named_parameters();

  std::vector<bool> pattern_used(options.freeze.size(), false);
  int64_t depth = 0;
  for (const auto& item : named) {
    if (item.key().rfind("encoder.blocks.", 0) == 0) depth = std::max(depth, vit_layer_of(item.key(), 0));
  }
  // (layer, not decayed) -> parameters: per layer the decayed group first, as
  // checkpoints' optimizer states expect. One layer, both groups even when
  // empty, when layer decay is off.
  std::map<std::pair<int64_t, bool>, std::vector<torch::Tensor>> grouped;
  if (options.layer_decay >= 1.0) {
    grouped[{0, false}];
    grouped[{0, true}];
  }
  for (const auto& item : named) {
    for (size_t i = 0; i < options.freeze.size(); ++i) {
      if (fnmatch(options.freeze[i].c_str(), item.key().c_str(), 0) == 0) {
        pattern_used[i] = true;
        item.value().requires_grad_(false);
      }
    }
    if (!item.value().requires_grad()) continue;
    const bool decay = item.value().dim() > 1 && !exempt.count(item.key());
    const int64_t layer = options.layer_decay < 1.0 ? vit_layer_of(item.key(), depth) : 0;
    grouped[{layer, !decay}].push_back(item.value());
  }
  for (size_t i = 0; i < options.freeze.size(); ++i) {
    if (!pattern_used[i]) {
      throw Error("train.freeze: '" + options.freeze[i] + "' matches no parameter of the model");
    }
  }
  bool trainable = false;
  for (const auto& entry : grouped) trainable = trainable || !entry.second.empty();
  if (!trainable) throw Error("train.freeze: every parameter is frozen, so nothing would train");

  std::vector<torch::optim::OptimizerParamGroup> groups;
  std::vector<double> scales;
  for (auto& [key, parameters] : grouped) {
    const double scale = options.layer_decay < 1.0 ? std::pow(options.layer_decay, depth + 1 - key.first) : 1.0;
    groups.emplace_back(parameters, group_options(options, key.second ? 0.0 : options.weight_decay));
    groups.back().options().set_lr(options.lr * scale);
    scales.push_back(scale);
  }
  if (lr_scales) *lr_scales = scales;
  if (options.kind == OptimizerKind::sgd) {
    if (options.nesterov && options.momentum == 0) throw Error("train.nesterov needs train.momentum > 0");
    return std::make_unique<torch::optim::SGD>(groups, torch::optim::SGDOptions(options.lr));
  }
  return std::make_unique<FusedAdamW>(groups, torch::optim::AdamWOptions(options.lr));
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr, const std::vector<double>& lr_scales) {
  auto& groups = optimizer.param_groups();
  for (size_t i = 0; i < groups.size(); ++i) groups[i].options().set_lr(lr * (i < lr_scales.size() ? lr_scales[i] : 1.0));
}

}  // namespace sigvit
