#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "runtime/blas_info.h"
#include "runtime/cpu_features.h"

namespace sigvit {

// Environment variables a process may change before LibTorch and the BLAS
// initialise, so that they run the CPU's widest kernels.
struct KernelChoice {
  std::string openblas_coretype;  // for OPENBLAS_CORETYPE; empty: OpenBLAS's own pick stands
  std::string aten_capability;    // for ATEN_CPU_CAPABILITY; empty: ATen's default stands

  bool empty() const { return openblas_coretype.empty() && aten_capability.empty(); }
};

// getenv, or a stand-in for it.
using Environment = std::function<const char*(const char* name)>;

// OpenBLAS 0.3.21 picks generic SSE3 kernels ("Prescott") on CPUs it does not
// recognise, such as a VM reporting "Intel(R) Xeon(R) Processor": a fifth of
// that machine's rate. This asks for SKYLAKEX on a CPU with AVX-512 (faster
// there than COOPERLAKE or SAPPHIRERAPIDS), and HASWELL (ZEN on AMD) on one
// with AVX2 and FMA, when OpenBLAS picked a weaker core; and ATen's avx512
// kernels on an AVX-512 CPU, where ATen defaults to AVX2 (measured: a small
// ViT trained 36% faster). A variable the user set is never replaced, and
// nothing is asked once SIGVIT_KERNELS_CHOSEN says the process already
// re-executed itself.
KernelChoice choose_kernels(const BlasInfo& blas, const CpuFeatures& cpu, const Environment& environment);

// Called first in main(): sets what choose_kernels asks for and re-executes
// the program in place, once (SIGVIT_KERNELS_CHOSEN marks the new process;
// SIGVIT_OPENBLAS_PICKED keeps the core it replaced). Then checks the BLAS
// against a reference product: kernels sigvit chose that compute wrong
// results are dropped for OpenBLAS's own pick (one more re-execution); wrong
// results otherwise are warned about. Returns when there is nothing (more) to do.
void select_fast_kernels(char** argv);
// The same for a given BLAS and CPU (a test stands in for the machine's).
void select_fast_kernels(char** argv, const BlasInfo& blas, const CpuFeatures& cpu);

// A small single-precision product through the BLAS agrees with one computed
// here in double precision.
bool blas_matches_reference();

// The kernels this process runs and who chose them: for the run header,
// result.json and `sigvit bench`.
struct KernelReport {
  CpuFeatures cpu;
  BlasInfo blas;
  // "OpenBLAS", "sigvit (OpenBLAS picked Prescott)" or "OPENBLAS_CORETYPE".
  std::string core_chosen_by;
  std::string vector_kernels;  // ATen's: avx512, avx2 or default
  std::string gemm_backend = "blas";  // runtime.gemm: blas, onednn or auto
  std::map<std::string, std::string> gemm_choices;  // under auto: shape key -> backend
  std::string precision = "fp32";

  // "OpenBLAS 0.3.21, core Haswell (chosen by OpenBLAS); ATen avx2; GEMM blas, fp32"
  std::string describe() const;
  // Each fact by name, as result.json and `sigvit bench --json` record them.
  std::vector<std::pair<std::string, std::string>> fields() const;
};

KernelReport report_kernels();

}  // namespace sigvit
