#pragma once

#include <cstdint>

namespace sigvit {

// The best float32 GEMM rate (GFLOP/s) of `repeats` products of two n x n
// matrices on the current intra-op threads: the peak a model's arithmetic
// rate is compared with, measured in the same process since this machine's
// rate drifts from minute to minute.
double measure_gemm_peak_gflops(int64_t n = 2048, int repeats = 5);

}  // namespace sigvit
