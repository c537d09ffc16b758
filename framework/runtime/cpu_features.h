#pragma once

#include <string>

namespace sigvit {

// What the CPU can run, and the operating system lets a process use.
struct CpuFeatures {
  std::string vendor;  // "GenuineIntel", "AuthenticAMD", ...
  bool avx2 = false;   // with FMA
  bool avx512 = false; // F, BW, DQ and VL, with the OS saving their state
  bool avx512_bf16 = false;
  bool amx_bf16 = false;

  // "avx2 fma", "avx2 fma avx512 avx512_bf16 amx_bf16", or "none".
  std::string describe() const;
};

CpuFeatures detect_cpu_features();

}  // namespace sigvit
