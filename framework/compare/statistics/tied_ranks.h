#pragma once

#include <vector>

namespace sigvit::stats {

// The ranks of `values`, 1 for the smallest; values that are equal (exactly:
// scores of the same fraction of cases are) share the average of the ranks
// they span, so the ranks always sum to n (n + 1) / 2.
std::vector<double> ascending_ranks(const std::vector<double>& values);

// The sum of t^3 - t over the groups of t equal values: how much ties shrink
// the variance of a rank statistic. 0 without ties.
double tie_correction_sum(const std::vector<double>& values);

}  // namespace sigvit::stats
