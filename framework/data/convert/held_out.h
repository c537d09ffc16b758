#pragma once

#include <cstdint>
#include <vector>

namespace sigvit {

// Marks about `fraction` of the cases to hold out (for test or validation),
// drawn per class so that every class keeps its share on both sides, and by
// whole groups so that windows of one recording stay on one side.
//
// `labels[i]` is case i's class; `groups[i]` its recording, or `groups` empty
// when every case is its own. A group counts towards the class most of its
// cases have. Per class, groups are taken in a seeded random order while
// taking one more brings the held-out count closer to round(fraction * cases
// of the class). The same inputs give the same marks with every standard
// library. Throws sigvit::Error unless 0 < fraction < 1 and the sizes agree.
std::vector<bool> choose_held_out(const std::vector<int64_t>& labels, const std::vector<int64_t>& groups,
                                  double fraction, uint64_t seed);

// Deals the cases into `folds` folds for cross-validation: per class, whole
// groups (as choose_held_out counts them) in a seeded random order, each to
// the fold that holds the fewest cases of that class so far, so that every
// fold keeps each class's share and no group is split. Returns each case's
// fold, 0..folds-1. Throws sigvit::Error unless folds >= 2.
std::vector<int64_t> assign_folds(const std::vector<int64_t>& labels, const std::vector<int64_t>& groups,
                                  int64_t folds, uint64_t seed);

}  // namespace sigvit
