#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compare/report/comparison_summary.h"
#include "compare/statistics/confidence_interval.h"
#include "compare/statistics/friedman_test.h"
#include "compare/statistics/paired_test.h"
#include "compare/statistics/ranks.h"

namespace sigvit {

// Two models of one data set over the seeds both finished: accuracy
// differences (first minus second) with their interval and Wilcoxon test.
struct PairedModels {
  std::string dataset, first, second;
  std::vector<uint64_t> seeds;
  stats::PairedComparison comparison;
};

// Every pair of tested models of `dataset` with at least two common seeds,
// in the order the outcomes list the models.
std::vector<PairedModels> pair_models(const std::vector<ModelOutcome>& outcomes, const std::string& dataset);

// The models over the data sets: average ranks, the Friedman test and a
// critical-difference diagram, from each model's mean test accuracy. Only
// data sets where every model was tested count.
struct ModelRanking {
  std::vector<std::string> datasets;  // those counted
  stats::FriedmanResult friedman;
  // Wilcoxon-Holm where there are enough data sets for its tests to reach 5%
  // (7 for 3 models, 8 for 4, 9 for 5), else Nemenyi.
  stats::CriticalDifferenceDiagram diagram;
};

// Empty with fewer than 2 models or 2 data sets tested by every model.
std::optional<ModelRanking> rank_models(const std::vector<ModelOutcome>& outcomes,
                                        const std::vector<std::string>& datasets,
                                        const std::vector<std::string>& models);

// The accuracy of a model over its seeds: n, mean, std, 95% interval, range.
stats::SampleDescription describe_accuracy(const ModelOutcome& outcome);

}  // namespace sigvit
