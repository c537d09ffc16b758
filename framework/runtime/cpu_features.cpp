#include "runtime/cpu_features.h"

#include <cstdint>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace sigvit {

std::string CpuFeatures::describe() const {
  std::string text;
  auto add = [&](bool present, const char* name) {
    if (present) text += (text.empty() ? "" : " ") + std::string(name);
  };
  add(avx2, "avx2 fma");
  add(avx512, "avx512");
  add(avx512_bf16, "avx512_bf16");
  add(amx_bf16, "amx_bf16");
  return text.empty() ? "none" : text;
}

#if defined(__x86_64__)
namespace {

bool bit(uint32_t value, int index) { return (value >> index) & 1u; }

// The state components the OS saves on a context switch (XCR0).
uint64_t os_saved_state() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

}  // namespace

CpuFeatures detect_cpu_features() {
  CpuFeatures cpu;
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return cpu;
  const uint32_t max_leaf = eax;
  char vendor[13] = {};
  std::memcpy(vendor, &ebx, 4);
  std::memcpy(vendor + 4, &edx, 4);
  std::memcpy(vendor + 8, &ecx, 4);
  cpu.vendor = vendor;
  if (max_leaf < 7) return cpu;

  __get_cpuid(1, &eax, &ebx, &ecx, &edx);
  const bool fma = bit(ecx, 12), osxsave = bit(ecx, 27);
  if (!osxsave) return cpu;
  const uint64_t saved = os_saved_state();
  const bool ymm = (saved & 0x6) == 0x6;        // SSE and AVX state
  const bool zmm = ymm && (saved & 0xe0) == 0xe0;  // opmask and both halves of the ZMM registers
  const bool tiles = (saved & 0x60000) == 0x60000; // AMX tile configuration and data

  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  cpu.avx2 = ymm && fma && bit(ebx, 5);
  cpu.avx512 = zmm && bit(ebx, 16) && bit(ebx, 17) && bit(ebx, 30) && bit(ebx, 31);  // F, DQ, BW, VL
  cpu.amx_bf16 = tiles && bit(edx, 22) && bit(edx, 24);                             // AMX-BF16, AMX-TILE
  __cpuid_count(7, 1, eax, ebx, ecx, edx);
  cpu.avx512_bf16 = cpu.avx512 && bit(eax, 5);
  return cpu;
}
#else
CpuFeatures detect_cpu_features() { return {}; }
#endif

}  // namespace sigvit
