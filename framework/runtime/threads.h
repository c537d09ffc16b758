#pragma once

namespace sigvit {

// Sets LibTorch's (and so OpenBLAS's) intra-op threads. `requested` <= 0 means
// all cores: LibTorch starts with one thread on this platform, which leaves
// most of the machine idle. Returns the count in effect.
int configure_threads(int requested);

}  // namespace sigvit
