#pragma once

namespace sigvit {

// Makes glibc keep freed memory for reuse instead of returning it to the
// system. A training step frees and reallocates the same large activation
// buffers every step; by default glibc serves blocks above its mmap threshold
// (at most 32 MiB) with fresh mappings, so each step pays page faults and
// zero-filling for them again (a third of a 1D ResNet step, by the field's
// profile). The cost: the process keeps its peak heap until it exits.
// Call before the first large allocation. SIGVIT_KEEP_FREED_MEMORY=0 in the
// environment leaves glibc's defaults, for comparison.
void keep_freed_memory();

}  // namespace sigvit
