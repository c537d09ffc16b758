// Runs select_fast_kernels as if OpenBLAS had picked its generic Prescott
// kernels on an AVX2 CPU, whatever this machine is, then prints the variables
// the process runs with. A test reads them: the re-execution happens once
// (a second one would print twice or loop) and a user's OPENBLAS_CORETYPE stands.
#include <cstdlib>
#include <iostream>

#include "runtime/kernel_choice.h"

int main(int, char** argv) {
  sigvit::BlasInfo blas;
  blas.core = "Prescott";
  sigvit::CpuFeatures cpu;
  cpu.vendor = "GenuineIntel";
  cpu.avx2 = true;
  sigvit::select_fast_kernels(argv, blas, cpu);
  auto value = [](const char* name) -> std::string {
    const char* text = std::getenv(name);
    return text ? text : "unset";
  };
  std::cout << "OPENBLAS_CORETYPE=" << value("OPENBLAS_CORETYPE") << " SIGVIT_OPENBLAS_PICKED="
            << value("SIGVIT_OPENBLAS_PICKED") << " by=" << sigvit::report_kernels().core_chosen_by << std::endl;
  return 0;
}
