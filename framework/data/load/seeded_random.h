#pragma once

#include <cstdint>
#include <initializer_list>

namespace sigvit {

// A tiny, fully specified random source. The standard library's distributions
// and std::shuffle are implementation-defined, so an order drawn with them could
// differ between compilers; the data order must not.
class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}

  // SplitMix64.
  uint64_t next();
  // Uniform in [0, bound), bound > 0, without modulo bias.
  uint64_t below(uint64_t bound);

 private:
  uint64_t state_;
};

// One 64-bit seed from several values (seed, epoch, batch index, ...), each
// mixed in turn so that neighbouring inputs give unrelated streams.
uint64_t mix_seed(std::initializer_list<uint64_t> parts);

}  // namespace sigvit
