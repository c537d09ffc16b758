#include "compare/statistics/holm_correction.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "compare/statistics/input_checks.h"

namespace sigvit::stats {

HolmCorrection holm_correction(const std::vector<double>& p_values, double alpha) {
  require_open_unit_interval(alpha, "holm_correction: alpha");
  for (size_t i = 0; i < p_values.size(); ++i) {
    if (!(p_values[i] >= 0 && p_values[i] <= 1)) {
      throw std::invalid_argument("holm_correction: p-value " + std::to_string(i) + " is " +
                                  std::to_string(p_values[i]) + "; expected a probability in [0, 1]");
    }
  }
  const size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p_values[a] < p_values[b]; });

  HolmCorrection result{std::vector<double>(m), std::vector<bool>(m, false)};
  bool still_rejecting = true;
  double running_max = 0;
  for (size_t i = 0; i < m; ++i) {
    const double p = p_values[order[i]];
    const double remaining = static_cast<double>(m - i);
    still_rejecting = still_rejecting && p <= alpha / remaining;
    result.rejected[order[i]] = still_rejecting;
    running_max = std::max(running_max, std::min(1.0, remaining * p));
    result.adjusted_p[order[i]] = running_max;
  }
  return result;
}

}  // namespace sigvit::stats
