#include "engine/fused_adamw.h"

#include <ATen/Parallel.h>
#include <c10/util/string_utils.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

namespace sigvit {
namespace {

using torch::optim::AdamWOptions;
using torch::optim::AdamWParamState;

// Per-step constants, computed in double as AdamW computes them and rounded
// once to float.
struct UpdateCoefficients {
  float keep;  // 1 - lr * weight_decay
  float beta1, one_minus_beta1;
  float beta2, one_minus_beta2;
  float bias_correction2_sqrt;
  float eps;
  float negative_step_size;  // -lr / bias_correction1
};

UpdateCoefficients coefficients_for(const AdamWOptions& options, int64_t step) {
  const double beta1 = std::get<0>(options.betas());
  const double beta2 = std::get<1>(options.betas());
  const double bias_correction1 = 1.0 - std::pow(beta1, static_cast<double>(step));
  const double bias_correction2 = 1.0 - std::pow(beta2, static_cast<double>(step));
  return {static_cast<float>(1.0 - options.lr() * options.weight_decay()),
          static_cast<float>(beta1),
          static_cast<float>(1.0 - beta1),
          static_cast<float>(beta2),
          static_cast<float>(1.0 - beta2),
          static_cast<float>(std::sqrt(bias_correction2)),
          static_cast<float>(options.eps()),
          static_cast<float>(-options.lr() / bias_correction1)};
}

// The same operations in the same order as AdamW's tensor ops, so results
// agree to float rounding. __restrict (the four arrays never overlap) lets
// the compiler vectorize.
void update(float* __restrict param, const float* __restrict grad, float* __restrict exp_avg,
            float* __restrict exp_avg_sq, int64_t size, const UpdateCoefficients& c) {
  constexpr int64_t grain = 1 << 15;  // below this, a thread hand-off costs more than it saves
  at::parallel_for(0, size, grain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const float g = grad[i];
      const float p = param[i] * c.keep;
      const float m = exp_avg[i] * c.beta1 + c.one_minus_beta1 * g;
      const float v = exp_avg_sq[i] * c.beta2 + c.one_minus_beta2 * g * g;
      exp_avg[i] = m;
      exp_avg_sq[i] = v;
      param[i] = p + c.negative_step_size * m / (std::sqrt(v) / c.bias_correction2_sqrt + c.eps);
    }
  });
}

bool dense_cpu_float(const torch::Tensor& tensor) {
  return tensor.device().is_cpu() && tensor.scalar_type() == torch::kFloat && tensor.layout() == torch::kStrided &&
         tensor.is_contiguous();
}

}  // namespace

bool FusedAdamW::fusable() const {
  for (const auto& group : param_groups_) {
    if (static_cast<const AdamWOptions&>(group.options()).amsgrad()) return false;
    for (const auto& param : group.params()) {
      if (!param.grad().defined()) continue;
      if (!dense_cpu_float(param) || !dense_cpu_float(param.grad())) return false;
      const auto found = state_.find(c10::guts::to_string(param.unsafeGetTensorImpl()));
      if (found == state_.end()) continue;
      const auto& state = static_cast<const AdamWParamState&>(*found->second);
      if (!dense_cpu_float(state.exp_avg()) || !dense_cpu_float(state.exp_avg_sq())) return false;
    }
  }
  return true;
}

torch::Tensor FusedAdamW::step(LossClosure closure) {
  if (!fusable()) return torch::optim::AdamW::step(std::move(closure));
  at::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const AdamWOptions&>(group.options());
    for (auto& param : group.params()) {
      if (!param.grad().defined()) continue;
      // AdamW's own key and state type: what it saves, loads and resumes.
      auto& slot = state_[c10::guts::to_string(param.unsafeGetTensorImpl())];
      if (!slot) {
        auto fresh = std::make_unique<AdamWParamState>();
        fresh->exp_avg(torch::zeros_like(param, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(param, torch::MemoryFormat::Preserve));
        slot = std::move(fresh);
      }
      auto& state = static_cast<AdamWParamState&>(*slot);
      state.step(state.step() + 1);
      update(param.data_ptr<float>(), param.grad().data_ptr<float>(), state.exp_avg().data_ptr<float>(),
             state.exp_avg_sq().data_ptr<float>(), param.numel(), coefficients_for(options, state.step()));
    }
  }
  return loss;
}

}  // namespace sigvit
