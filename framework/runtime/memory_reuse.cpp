#include "runtime/memory_reuse.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>

namespace sigvit {

void keep_freed_memory() {
  const char* setting = std::getenv("SIGVIT_KEEP_FREED_MEMORY");
  if (setting != nullptr && std::strcmp(setting, "0") == 0) return;
  // No allocation is served by its own mapping, and the heap's free top is
  // never trimmed, so freed blocks stay mapped and are reused.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace sigvit
