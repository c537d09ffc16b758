#include "runtime/kernel_choice.h"

#include <cblas.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>
#include <vector>

#include "core/text.h"
#include "runtime/vector_kernels.h"

namespace sigvit {
namespace {

// Set in the re-executed process: its kernels were chosen, do not choose again.
const char* const chosen_marker = "SIGVIT_KERNELS_CHOSEN";
// Set when sigvit replaced OpenBLAS's pick: the pick it replaced.
const char* const openblas_pick = "SIGVIT_OPENBLAS_PICKED";

// 2: AVX-512 kernels, 1: AVX2 kernels, 0: older or generic ones.
int core_level(const std::string& core) {
  const std::string name = lowercase(core);
  for (const char* avx512 : {"skylakex", "cooperlake", "sapphirerapids"}) {
    if (name == avx512) return 2;
  }
  for (const char* avx2 : {"haswell", "zen", "excavator"}) {
    if (name == avx2) return 1;
  }
  return 0;
}

bool is_set(const Environment& environment, const char* name) {
  const char* value = environment(name);
  return value && *value;
}

[[noreturn]] void reexec(char** argv) {
  execv("/proc/self/exe", argv);
  // Reached only when exec failed: the variables set for the new process
  // would now describe kernels this one does not run, so stop.
  std::perror("sigvit: re-executing with the chosen kernels failed");
  std::exit(1);
}

// "6 shapes: 4 onednn, 2 blas"
std::string describe_choices(const std::map<std::string, std::string>& choices) {
  if (choices.empty()) return "";
  std::map<std::string, int> counts;
  for (const auto& choice : choices) ++counts[choice.second];
  std::string text = std::to_string(choices.size()) + " shape" + (choices.size() == 1 ? "" : "s") + ":";
  for (const auto& [backend, count] : counts) text += " " + std::to_string(count) + " " + backend + ",";
  text.pop_back();
  return text;
}

}  // namespace

KernelChoice choose_kernels(const BlasInfo& blas, const CpuFeatures& cpu, const Environment& environment) {
  KernelChoice choice;
  if (is_set(environment, chosen_marker)) return choice;
  if (blas.is_openblas() && !is_set(environment, "OPENBLAS_CORETYPE")) {
    const int level = core_level(blas.core);
    if (cpu.avx512 && level < 2) {
      choice.openblas_coretype = "SKYLAKEX";
    } else if (cpu.avx2 && level < 1) {
      choice.openblas_coretype = cpu.vendor == "AuthenticAMD" ? "ZEN" : "HASWELL";
    }
  }
  if (cpu.avx512 && !is_set(environment, "ATEN_CPU_CAPABILITY")) choice.aten_capability = "avx512";
  return choice;
}

bool blas_matches_reference() {
  // Odd sizes, so that edge kernels run too.
  const int m = 37, n = 29, k = 61;
  std::mt19937 random(7);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> a(m * k), b(k * n), c(m * n, 0.0f);
  for (float& value : a) value = uniform(random);
  for (float& value : b) value = uniform(random);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(), n);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double expected = 0.0;
      for (int p = 0; p < k; ++p) expected += static_cast<double>(a[i * k + p]) * b[p * n + j];
      if (!(std::abs(c[i * n + j] - expected) <= 1e-4 * k)) return false;
    }
  }
  return true;
}

void select_fast_kernels(char** argv) { select_fast_kernels(argv, probe_blas(), detect_cpu_features()); }

void select_fast_kernels(char** argv, const BlasInfo& blas, const CpuFeatures& cpu) {
  if (!std::getenv(chosen_marker)) {
    const KernelChoice choice = choose_kernels(blas, cpu, [](const char* name) { return std::getenv(name); });
    if (!choice.empty()) {
      if (!choice.openblas_coretype.empty()) {
        setenv("OPENBLAS_CORETYPE", choice.openblas_coretype.c_str(), 1);
        setenv(openblas_pick, blas.core.c_str(), 1);
      }
      if (!choice.aten_capability.empty()) setenv("ATEN_CPU_CAPABILITY", choice.aten_capability.c_str(), 1);
      setenv(chosen_marker, "1", 1);
      reexec(argv);
    }
  }
  if (blas_matches_reference()) return;
  if (const char* picked = std::getenv(openblas_pick)) {
    std::cerr << "sigvit: OpenBLAS's " << std::getenv("OPENBLAS_CORETYPE")
              << " kernels compute wrong results on this CPU; going back to its own choice, " << picked << '\n';
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(openblas_pick);
    reexec(argv);
  }
  std::cerr << "sigvit: warning: the BLAS (" << probe_blas().describe()
            << ") computes wrong results on this CPU; set OPENBLAS_CORETYPE to a kernel set the CPU runs correctly\n";
}

std::string KernelReport::describe() const {
  std::string text = blas.describe();
  if (blas.is_openblas()) text += " (chosen by " + core_chosen_by + ")";
  text += "; ATen " + vector_kernels + "; GEMM " + gemm_backend;
  if (!gemm_choices.empty()) text += " (" + describe_choices(gemm_choices) + ")";
  return text + ", " + precision;
}

std::vector<std::pair<std::string, std::string>> KernelReport::fields() const {
  return {{"cpu_vendor", cpu.vendor},
          {"cpu_features", cpu.describe()},
          {"blas", blas.describe()},
          {"blas_library", blas.library},
          {"blas_core", blas.core},
          {"blas_core_chosen_by", core_chosen_by},
          {"vector_kernels", vector_kernels},
          {"gemm_backend", gemm_backend},
          {"gemm_choices", describe_choices(gemm_choices)},
          {"precision", precision}};
}

KernelReport report_kernels() {
  KernelReport report;
  report.cpu = detect_cpu_features();
  report.blas = probe_blas();
  report.vector_kernels = vector_kernels_selected();
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  if (const char* picked = std::getenv(openblas_pick)) {
    report.core_chosen_by = std::string("sigvit; OpenBLAS picked ") + picked;
  } else if (coretype && *coretype) {
    report.core_chosen_by = "OPENBLAS_CORETYPE";
  } else {
    report.core_chosen_by = "OpenBLAS";
  }
  return report;
}

}  // namespace sigvit
