#pragma once

#include <cstdint>
#include <string>

#include "runtime/precision.h"

namespace sigvit {

// The best rate of a square matrix product and the path that reached it.
struct GemmPeak {
  double gflops = 0;    // 0: not measured
  std::string backend;  // "blas", "onednn" or, for bf16, "libtorch" (its oneDNN bf16 path)
};

// The best GEMM rate of up to `repeats` products of two n x n matrices on the
// current intra-op threads: the peak a model's arithmetic rate is compared
// with, measured in the same process since this machine's rate drifts from
// minute to minute. fp32 takes the faster of the system BLAS and oneDNN's
// matmul (the two backends of runtime.gemm), so a model on oneDNN is not set
// against a slower BLAS's peak. bf16 multiplies bfloat16 matrices through
// LibTorch, as linear layers do under autocast. Repeats stop once they have
// taken `budget_seconds`, so that a CPU without native bf16 (seconds per
// product) still answers soon; at least one product is always timed.
GemmPeak measure_gemm_peak(Precision precision = Precision::fp32, int64_t n = 2048, int repeats = 5,
                           double budget_seconds = 3.0);

// Whether `sigvit bench` measures a bf16 peak too: where the run is bf16, or
// the CPU has native bf16 arithmetic (AMX or AVX512-BF16), so that an fp32
// run can be set against what bf16 would offer.
bool wants_bf16_peak(Precision run_precision, const CpuFeatures& cpu);

}  // namespace sigvit
