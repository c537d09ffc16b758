#include "runtime/precision.h"

#include <ATen/autocast_mode.h>
#include <torch/nn/functional/linear.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <chrono>
#include <iostream>

#include "sigvit/error.h"

namespace sigvit {
namespace {

// Milliseconds of the fastest of a few forward passes through a
// linear layer of a small ViT's MLP shape.
double linear_milliseconds(Precision precision) {
  torch::NoGradGuard no_grad_for_setup;
  const torch::Tensor x = torch::randn({1024, 384});
  const torch::Tensor weight = torch::randn({1536, 384});
  double best = 0;
  for (int repeat = 0; repeat < 4; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    {
      PrecisionScope scope(precision);
      torch::Tensor y = torch::nn::functional::linear(x, weight);
      y.sum().item<float>();
    }
    const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (repeat > 0 && (best == 0 || elapsed < best)) best = elapsed;
  }
  return best;
}

void say_once_that_bf16_is_emulated(const CpuFeatures& cpu) {
  static bool said = false;
  if (said || cpu.amx_bf16 || cpu.avx512_bf16) return;
  said = true;
  std::cerr << "sigvit: bf16 on a CPU without native bf16 arithmetic (no AMX or AVX512-BF16): it works, but "
               "slower than fp32\n";
}

}  // namespace

std::string to_string(Precision precision) { return precision == Precision::bf16 ? "bf16" : "fp32"; }

Precision choose_precision(const std::string& text, const std::string& where, const CpuFeatures& cpu) {
  if (text == "fp32") return Precision::fp32;
  if (text == "bf16") {
    say_once_that_bf16_is_emulated(cpu);
    return Precision::bf16;
  }
  if (text != "auto") throw ConfigError(where + ": expected fp32, bf16 or auto, got '" + text + "'");
  if (!cpu.amx_bf16 && !cpu.avx512_bf16) return Precision::fp32;
  // Native bf16 is usually faster, but not for every build and shape: measure.
  return linear_milliseconds(Precision::bf16) < 0.9 * linear_milliseconds(Precision::fp32) ? Precision::bf16
                                                                                             : Precision::fp32;
}

PrecisionScope::PrecisionScope(Precision precision) : enabled_(precision == Precision::bf16) {
  if (!enabled_) return;
  was_enabled_ = at::autocast::is_cpu_enabled();
  previous_type_ = at::autocast::get_autocast_cpu_dtype();
  at::autocast::set_cpu_enabled(true);
  at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  at::autocast::increment_nesting();
}

PrecisionScope::~PrecisionScope() {
  if (!enabled_) return;
  // Casts of weights are cached while any scope is open; the outermost one drops them.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_cpu_enabled(was_enabled_);
  at::autocast::set_autocast_cpu_dtype(previous_type_);
}

}  // namespace sigvit
