#pragma once

#include <string>

#include "bench/gemm_peak.h"
#include "engine/model_benchmark.h"
#include "runtime/kernel_choice.h"

namespace sigvit {

// One `sigvit bench` run: the result and what it ran on.
struct BenchmarkReport {
  std::string name;
  int threads = 0;
  std::string device;
  KernelReport kernels;  // the BLAS, its core, ATen's vector kernels, the GEMM backend and precision
  int64_t params = 0;
  // GEMM peaks measured in the same process (0 GFLOP/s: not measured: not on
  // a CPU, data-parallel, or for bf16 a CPU without native bf16 running fp32).
  GemmPeak fp32_peak;
  GemmPeak bf16_peak;
  BenchmarkResult result;
};

// A table for people.
std::string format_benchmark(const BenchmarkReport& report);

// One JSON object: train_samples_per_s, infer_samples_per_s, latency_ms (the
// batch-1 median), peak_rss_mb and the rest of the report.
std::string benchmark_json(const BenchmarkReport& report);

}  // namespace sigvit
