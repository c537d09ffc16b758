#include "data/load/seeded_random.h"

namespace sigvit {

uint64_t SeededRandom::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t SeededRandom::below(uint64_t bound) {
  // Reject the top values that would make some results more likely.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t value;
  do {
    value = next();
  } while (value >= limit);
  return value % bound;
}

uint64_t mix_seed(std::initializer_list<uint64_t> parts) {
  uint64_t seed = 0x5167'7669'7400'0000ull;
  for (uint64_t part : parts) seed = SeededRandom(seed ^ part).next();
  return seed;
}

}  // namespace sigvit
