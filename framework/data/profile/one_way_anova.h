#pragma once

#include <cstdint>
#include <vector>

namespace sigvit {

// How much of a quantity's variation across cases lies between classes.
struct ClassSeparation {
  double f = 0;            // one-way ANOVA F: between-class over within-class mean square
  double p_value = 1;      // P(F >= f) when the classes do not differ
  double eta_squared = 0;  // between-class share of the total sum of squares, in [0, 1]
};

// One-way analysis of variance of `values` grouped by `labels` (in
// [0, num_classes)). Classes without cases do not count. With fewer than two
// classes, or no case beyond one per class, there is nothing to separate and
// the result is F 0, p 1. Identical values within every class and different
// between classes give F and eta^2 their limits (infinity, 1).
ClassSeparation one_way_anova(const std::vector<double>& values, const std::vector<int64_t>& labels,
                              int64_t num_classes);

}  // namespace sigvit
