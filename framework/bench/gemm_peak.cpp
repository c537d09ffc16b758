#include "bench/gemm_peak.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include "runtime/onednn_matmul.h"

namespace sigvit {
namespace {

// GFLOP/s of the fastest of up to `repeats` calls of `product` after one
// untimed call (pages, thread pool, oneDNN's primitive).
double best_rate(const std::function<void()>& product, int64_t n, int repeats, double budget_seconds) {
  product();
  double best_seconds = 0;
  double spent_seconds = 0;
  for (int i = 0; i < std::max(repeats, 1) && (i == 0 || spent_seconds < budget_seconds); ++i) {
    const auto start = std::chrono::steady_clock::now();
    product();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best_seconds = i == 0 ? seconds : std::min(best_seconds, seconds);
    spent_seconds += seconds;
  }
  return 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n) / best_seconds / 1e9;
}

}  // namespace

GemmPeak measure_gemm_peak(Precision precision, int64_t n, int repeats, double budget_seconds) {
  torch::NoGradGuard no_grad;
  const auto dtype = precision == Precision::bf16 ? torch::kBFloat16 : torch::kFloat32;
  const auto a = torch::randn({n, n}).to(dtype);
  const auto b = torch::randn({n, n}).to(dtype);
  auto c = torch::empty({n, n}, dtype);
  const double libtorch = best_rate([&] { torch::mm_out(c, a, b); }, n, repeats, budget_seconds);
  if (precision == Precision::bf16) return {libtorch, "libtorch"};
  const double onednn =
      best_rate([&] { onednn_matmul(view_of(a), view_of(b), nullptr, c.data_ptr<float>()); }, n, repeats,
                budget_seconds);
  return onednn > libtorch ? GemmPeak{onednn, "onednn"} : GemmPeak{libtorch, "blas"};
}

bool wants_bf16_peak(Precision run_precision, const CpuFeatures& cpu) {
  return run_precision == Precision::bf16 || cpu.amx_bf16 || cpu.avx512_bf16;
}

}  // namespace sigvit
