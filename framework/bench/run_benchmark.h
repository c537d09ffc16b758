#pragma once

#include <optional>

#include "bench/bench_setup.h"
#include "bench/benchmark_report.h"
#include "distributed/communicator.h"

namespace sigvit {

// `sigvit bench`: sets the thread count (`threads`, else the setup's), times
// the setup's model on its device and, on a CPU, measures the fp32 GEMM peak
// (and the bf16 one, see wants_bf16_peak) in the same process so the report
// can say what fraction of each the model reached.
// The setup's precision is resolved here (auto: by measurement).
// With `ranks` (data-parallel), only training is timed, each step with the
// gradient all-reduce (see benchmark_model).
BenchmarkReport run_benchmark(BenchSetup& setup, std::optional<int> threads, Communicator* ranks = nullptr);

}  // namespace sigvit
