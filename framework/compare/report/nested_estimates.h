#pragma once

#include <string>
#include <vector>

#include "compare/report/compare_plan.h"
#include "compare/report/comparison_summary.h"

namespace sigvit {

// A model's nested cross-validation estimate on a data set with
// `outer_folds:`: the mean test accuracy over its seeds on each outer fold,
// and their mean and standard deviation over the folds.
struct NestedEstimate {
  std::string dataset, model;
  std::vector<double> fold_means;  // in fold order; complete only when `complete`
  MeanStd accuracy;                // over fold_means
  bool complete = false;           // every fold tested
};

std::vector<NestedEstimate> nested_estimates(const ComparePlan& plan, const std::vector<ModelOutcome>& outcomes);

// What ranks across data sets are computed from: each nested data set once
// (its folds are not independent data sets), its accuracy the estimate over
// complete folds; plain data sets as they are.
struct RankingInput {
  std::vector<std::string> datasets;
  std::vector<ModelOutcome> outcomes;
};
RankingInput ranking_input(const ComparePlan& plan, const std::vector<ModelOutcome>& outcomes);

// report.md's section of the nested estimates ("" without nested data sets).
std::string nested_markdown(const ComparePlan& plan, const std::vector<NestedEstimate>& estimates);

}  // namespace sigvit
