#pragma once

#include <cstddef>

namespace sigvit::stats {

// The Nemenyi critical difference at alpha = 0.05: two of `models` models
// (2 to 10) ranked on `datasets` data sets differ significantly when their
// average ranks differ by at least q_0.05 * sqrt(k (k + 1) / (6 N)), with q
// the Studentized range quantile over sqrt(2) (Demsar 2006, table 5a).
double nemenyi_critical_difference(size_t models, size_t datasets);

}  // namespace sigvit::stats
