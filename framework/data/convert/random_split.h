#pragma once

#include <cstdint>
#include <vector>

namespace sigvit {

// Marks round(fraction * count) of `count` cases for the test split, drawn by
// a seeded shuffle that gives the same split with every standard library
// (std::mt19937_64's sequence is fixed by the standard; distributions are not).
std::vector<bool> choose_test_cases(size_t count, double fraction, uint64_t seed);

}  // namespace sigvit
