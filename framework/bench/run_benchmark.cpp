#include "bench/run_benchmark.h"

#include "bench/gemm_peak.h"
#include "distributed/gradient_reducer.h"
#include "runtime/device.h"
#include "runtime/gemm_backend.h"
#include "runtime/kernel_choice.h"
#include "runtime/precision.h"
#include "runtime/threads.h"
#include "summary/model_summary.h"

namespace sigvit {

BenchmarkReport run_benchmark(BenchSetup& setup, std::optional<int> threads, Communicator* ranks) {
  BenchmarkReport report;
  report.name = setup.name;
  report.threads = configure_threads(threads.value_or(setup.threads));
  const torch::Device device = resolve_device(setup.device);
  report.device = device.str();
  report.kernels = report_kernels();
  setup.options.precision = choose_precision(setup.precision, "--precision", report.kernels.cpu);
  report.kernels.precision = to_string(setup.options.precision);
  GemmPlan::process().set_policy(parse_gemm_backend(setup.gemm, "runtime.gemm"));
  // Under autocast, linear layers take LibTorch's own bf16 path (dense.h).
  report.kernels.gemm_backend = setup.options.precision == Precision::bf16 ? "libtorch autocast" : setup.gemm;
  report.params = count_parameters(*setup.model).total;
  std::optional<GradientReducer> reducer;
  if (ranks) {
    reducer.emplace(*ranks, setup.model->parameters(), setup.model->buffers());
    reducer->broadcast_state();
  }
  report.result =
      benchmark_model(*setup.model, setup.optimizer, setup.options, device, reducer ? &*reducer : nullptr);
  report.kernels.gemm_choices = GemmPlan::process().choices();
  // The peak of one process's GEMM says little while other ranks share the cores.
  if (device.is_cpu() && !ranks) {
    report.fp32_peak = measure_gemm_peak(Precision::fp32);
    if (wants_bf16_peak(setup.options.precision, report.kernels.cpu)) {
      report.bf16_peak = measure_gemm_peak(Precision::bf16);
    }
  }
  return report;
}

}  // namespace sigvit
