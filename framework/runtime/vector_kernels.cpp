#include "runtime/vector_kernels.h"

#include <cstdlib>

namespace sigvit {

std::string vector_kernels_selected() {
  if (const char* chosen = std::getenv("ATEN_CPU_CAPABILITY")) return chosen;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2";
#endif
  return "default";
}

}  // namespace sigvit
