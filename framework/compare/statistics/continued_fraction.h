#pragma once

#include <cmath>

namespace sigvit::stats {

// What the modified Lentz evaluations of the incomplete beta and gamma
// functions share: when to stop, and how to keep a partial denominator that
// happens to vanish from dividing by zero.
constexpr double kLentzTolerance = 1e-15;
constexpr int kLentzMaxTerms = 100000;
constexpr double kLentzTiny = 1e-300;

inline double away_from_zero(double value) { return std::fabs(value) < kLentzTiny ? kLentzTiny : value; }

}  // namespace sigvit::stats
