#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "compare/statistics/score_table.h"

namespace sigvit::stats {

// Each data set's ranks of the models: 1 for the highest score, tied models
// sharing the average of the ranks they span. ranks[dataset][model].
std::vector<std::vector<double>> ranks_per_dataset(const ScoreTable& scores);

// Each model's rank averaged over the data sets (lower is better).
std::vector<double> average_ranks(const ScoreTable& scores);

// How a critical-difference diagram decides which models it joins with a bar.
enum class CdMethod {
  nemenyi,        // average ranks closer than the Nemenyi critical difference
  wilcoxon_holm,  // pairwise Wilcoxon tests over the data sets, Holm-corrected
};

// A run of models, by position in rank order (first..last, inclusive), no two
// of which differ significantly.
struct Clique {
  size_t first = 0, last = 0;
};

// Everything a critical-difference diagram draws.
struct CriticalDifferenceDiagram {
  CdMethod method = CdMethod::nemenyi;
  double alpha = 0.05;
  size_t datasets = 0;
  std::vector<std::string> models;     // best average rank first (ties keep the given order)
  std::vector<double> average_ranks;   // in the order of `models`
  // Maximal runs of at least 2 models; runs may overlap. A model in none of
  // them differs significantly from every other.
  std::vector<Clique> cliques;
  std::optional<double> critical_difference;  // the Nemenyi CD; empty for Wilcoxon-Holm
};

// The diagram of `scores` (at least 2 data sets; model_names one per column),
// at alpha = 0.05. Nemenyi needs 2 to 10 models.
CriticalDifferenceDiagram critical_difference_diagram(const ScoreTable& scores,
                                                      const std::vector<std::string>& model_names,
                                                      CdMethod method);

}  // namespace sigvit::stats
