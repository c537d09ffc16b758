#pragma once

#include <cstddef>
#include <vector>

#include "compare/statistics/paired_test.h"
#include "compare/statistics/score_table.h"

namespace sigvit::stats {

// One pair of models compared over the data sets.
struct PairwiseComparison {
  size_t first = 0, second = 0;  // model columns, first < second
  WilcoxonResult wilcoxon;       // on scores[.][first] - scores[.][second]
  double adjusted_p = 1;         // Holm-adjusted over all pairs
  bool significant = false;      // rejected by Holm's procedure at alpha
};

// Every pair of models (k (k - 1) / 2 of them, in column order) tested with
// the Wilcoxon signed-rank test over the data sets, Holm-corrected at alpha:
// the post-hoc procedure of Benavoli et al. (2016) that replaces Nemenyi's,
// whose verdict on two models depends on which other models are compared.
std::vector<PairwiseComparison> wilcoxon_holm(const ScoreTable& scores, double alpha = 0.05);

}  // namespace sigvit::stats
