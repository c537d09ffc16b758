#include "bench/run_benchmark.h"

#include "bench/gemm_peak.h"
#include "runtime/device.h"
#include "runtime/threads.h"
#include "runtime/vector_kernels.h"
#include "summary/model_summary.h"

namespace sigvit {

BenchmarkReport run_benchmark(BenchSetup& setup, std::optional<int> threads) {
  BenchmarkReport report;
  report.name = setup.name;
  report.threads = configure_threads(threads.value_or(setup.threads));
  const torch::Device device = resolve_device(setup.device);
  report.device = device.str();
  report.cpu_capability = vector_kernels_selected();
  report.params = count_parameters(*setup.model).total;
  report.result = benchmark_model(*setup.model, setup.optimizer, setup.options, device);
  if (device.is_cpu()) report.gemm_peak_gflops = measure_gemm_peak_gflops();
  return report;
}

}  // namespace sigvit
