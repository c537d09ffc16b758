#pragma once

#include <string>

#include <c10/core/ScalarType.h>

#include "runtime/cpu_features.h"

namespace sigvit {

// The arithmetic of forward and backward passes. Weights, gradients and the
// optimizer's state stay float32 either way.
enum class Precision {
  fp32,
  // LibTorch's CPU autocast to bfloat16: matrix products and convolutions run
  // in bf16, and the operations autocast keeps in float32 (softmax, LayerNorm,
  // the loss's log-softmax) stay there.
  bf16,
};

std::string to_string(Precision precision);

// "fp32", "bf16" or "auto" (`where` names the key or flag in errors). auto is
// bf16 where the CPU has native bf16 arithmetic (AMX or AVX512-BF16) and a
// short timing of a linear layer shows it faster, fp32 elsewhere. bf16 on a
// CPU without native bf16 still works, slowly, and says so once on stderr.
Precision choose_precision(const std::string& text, const std::string& where, const CpuFeatures& cpu);

// Runs the enclosed forward passes (and the backward passes of what they
// recorded) in `precision`; nothing changes for fp32. Scopes nest.
class PrecisionScope {
 public:
  explicit PrecisionScope(Precision precision);
  ~PrecisionScope();
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  bool enabled_;
  bool was_enabled_ = false;
  c10::ScalarType previous_type_{};
};

}  // namespace sigvit
