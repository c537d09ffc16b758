#include "bench/gemm_peak.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace sigvit {

double measure_gemm_peak_gflops(int64_t n, int repeats) {
  torch::NoGradGuard no_grad;
  const auto a = torch::randn({n, n});
  const auto b = torch::randn({n, n});
  auto c = torch::empty({n, n});
  torch::mm_out(c, a, b);  // warm-up: pages, thread pool
  double best_seconds = 0;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    torch::mm_out(c, a, b);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best_seconds = i == 0 ? seconds : std::min(best_seconds, seconds);
  }
  return 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n) / best_seconds / 1e9;
}

}  // namespace sigvit
