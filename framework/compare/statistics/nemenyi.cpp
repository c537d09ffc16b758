#include "compare/statistics/nemenyi.h"

#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string>

namespace sigvit::stats {
namespace {

// q_0.05 for k = 2..10 models (Demsar 2006, table 5a). Beyond 10 models the
// table stops; a comparison that large needs the Studentized range itself.
constexpr double kQ005[] = {1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164};
constexpr size_t kMinModels = 2;
constexpr size_t kMaxModels = kMinModels + std::size(kQ005) - 1;

}  // namespace

double nemenyi_critical_difference(size_t models, size_t datasets) {
  if (models < kMinModels || models > kMaxModels) {
    throw std::invalid_argument("nemenyi_critical_difference: " + std::to_string(models) +
                                " models; expected 2 to 10, the range of the table of q_0.05");
  }
  if (datasets == 0) throw std::invalid_argument("nemenyi_critical_difference: 0 data sets; expected at least 1");
  const double k = static_cast<double>(models), n = static_cast<double>(datasets);
  return kQ005[models - kMinModels] * std::sqrt(k * (k + 1) / (6 * n));
}

}  // namespace sigvit::stats
