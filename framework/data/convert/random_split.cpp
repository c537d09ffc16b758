#include "data/convert/random_split.h"

#include <cmath>
#include <numeric>
#include <random>
#include <utility>

#include "sigvit/error.h"

namespace sigvit {

std::vector<bool> choose_test_cases(size_t count, double fraction, uint64_t seed) {
  if (!(fraction > 0 && fraction < 1))
    throw Error("--split-fraction " + std::to_string(fraction) + ": expected a fraction between 0 and 1");
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), size_t{0});
  std::mt19937_64 engine(seed);
  for (size_t i = count; i > 1; --i) std::swap(order[i - 1], order[engine() % i]);
  const auto test_count = static_cast<size_t>(std::llround(fraction * static_cast<double>(count)));
  std::vector<bool> is_test(count, false);
  for (size_t i = 0; i < test_count; ++i) is_test[order[i]] = true;
  return is_test;
}

}  // namespace sigvit
