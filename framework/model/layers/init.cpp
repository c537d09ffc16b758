#include "model/layers/init.h"

#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/utils.h>

#include <cmath>

namespace sigvit {

namespace {

thread_local int random_init_skips = 0;

}  // namespace

SkipRandomInit::SkipRandomInit() { ++random_init_skips; }

SkipRandomInit::~SkipRandomInit() { --random_init_skips; }

void trunc_normal_(torch::Tensor tensor, double std, double low, double high) {
  if (random_init_skips > 0) return;
  torch::NoGradGuard no_grad;
  auto normal_cdf = [](double x) { return 0.5 * (1.0 + std::erf(x / std::sqrt(2.0))); };
  const double lower = normal_cdf(low / std);
  const double upper = normal_cdf(high / std);
  tensor.uniform_(2.0 * lower - 1.0, 2.0 * upper - 1.0);
  tensor.erfinv_();
  tensor.mul_(std * std::sqrt(2.0));
  tensor.clamp_(low, high);
}

void init_vit_layers(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& child : module.modules(/*include_self=*/true)) {
    if (auto* linear = child->as<torch::nn::Linear>()) {
      trunc_normal_(linear->weight, 0.02);
      if (linear->bias.defined()) linear->bias.zero_();
    } else if (auto* norm = child->as<torch::nn::LayerNorm>()) {
      if (norm->weight.defined()) norm->weight.fill_(1.0);
      if (norm->bias.defined()) norm->bias.zero_();
    }
  }
}

}  // namespace sigvit
