#include "compare/statistics/tied_ranks.h"

#include <algorithm>
#include <numeric>

namespace sigvit::stats {
namespace {

// Calls visit(order, first, last) for each run [first, last) of equal values
// in `order`, the indices of `values` sorted by value.
template <typename Visit>
void for_each_tie_group(const std::vector<double>& values, Visit&& visit) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  for (size_t first = 0; first < order.size();) {
    size_t last = first + 1;
    while (last < order.size() && values[order[last]] == values[order[first]]) ++last;
    visit(order, first, last);
    first = last;
  }
}

}  // namespace

std::vector<double> ascending_ranks(const std::vector<double>& values) {
  std::vector<double> ranks(values.size());
  for_each_tie_group(values, [&](const std::vector<size_t>& order, size_t first, size_t last) {
    // Positions first..last-1 hold ranks first+1..last; their mean:
    const double shared = 0.5 * static_cast<double>(first + 1 + last);
    for (size_t i = first; i < last; ++i) ranks[order[i]] = shared;
  });
  return ranks;
}

double tie_correction_sum(const std::vector<double>& values) {
  double sum = 0;
  for_each_tie_group(values, [&](const std::vector<size_t>&, size_t first, size_t last) {
    const double t = static_cast<double>(last - first);
    sum += t * t * t - t;
  });
  return sum;
}

}  // namespace sigvit::stats
