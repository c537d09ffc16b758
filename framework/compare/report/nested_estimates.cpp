#include "compare/report/nested_estimates.h"

#include <algorithm>
#include <sstream>

#include "core/text.h"

namespace sigvit {

std::vector<NestedEstimate> nested_estimates(const ComparePlan& plan, const std::vector<ModelOutcome>& outcomes) {
  std::vector<NestedEstimate> estimates;
  for (const NestedDataset& nested : plan.nested) {
    for (const std::string& model : plan.models) {
      NestedEstimate estimate{nested.label, model, {}, {}, true};
      for (const std::string& fold : nested.folds) {
        const auto found = std::find_if(outcomes.begin(), outcomes.end(), [&](const ModelOutcome& outcome) {
          return outcome.dataset == fold && outcome.model == model && outcome.tested;
        });
        if (found == outcomes.end()) {
          estimate.complete = false;
          continue;
        }
        estimate.fold_means.push_back(found->accuracy.mean);
      }
      if (estimate.fold_means.empty()) continue;
      estimate.accuracy = mean_std(estimate.fold_means);
      estimates.push_back(std::move(estimate));
    }
  }
  return estimates;
}

RankingInput ranking_input(const ComparePlan& plan, const std::vector<ModelOutcome>& outcomes) {
  RankingInput input;
  std::vector<std::string> fold_labels;
  for (const NestedDataset& nested : plan.nested)
    fold_labels.insert(fold_labels.end(), nested.folds.begin(), nested.folds.end());
  const auto is_fold = [&](const std::string& label) {
    return std::find(fold_labels.begin(), fold_labels.end(), label) != fold_labels.end();
  };
  for (const std::string& dataset : plan.datasets)
    if (!is_fold(dataset)) input.datasets.push_back(dataset);
  for (const ModelOutcome& outcome : outcomes)
    if (!is_fold(outcome.dataset)) input.outcomes.push_back(outcome);
  for (const NestedEstimate& estimate : nested_estimates(plan, outcomes)) {
    if (!estimate.complete) continue;
    ModelOutcome collapsed;
    collapsed.dataset = estimate.dataset;
    collapsed.model = estimate.model;
    collapsed.tested = true;
    collapsed.accuracy = estimate.accuracy;
    input.outcomes.push_back(collapsed);
  }
  for (const NestedDataset& nested : plan.nested) input.datasets.push_back(nested.label);
  return input;
}

std::string nested_markdown(const ComparePlan& plan, const std::vector<NestedEstimate>& estimates) {
  std::ostringstream md;
  for (const NestedDataset& nested : plan.nested) {
    md << "\n## " << nested.label << ": nested cross-validation\n\n"
       << "Each of " << nested.folds.size() << " stratified outer folds of the training split was the test set "
       << "once (the data sets " << nested.folds.front() << " to " << nested.folds.back()
       << " above), the other folds the training data, and every recipe search ran inside them. The estimate is "
          "the mean over outer folds of each fold's mean test accuracy over seeds, ± the standard deviation "
          "over folds.\n\n"
       << "| model | nested estimate | per outer fold |\n| --- | --- | --- |\n";
    for (const NestedEstimate& estimate : estimates) {
      if (estimate.dataset != nested.label) continue;
      std::vector<std::string> folds;
      for (double mean : estimate.fold_means) folds.push_back(format_number("%.1f", 100 * mean));
      md << "| " << estimate.model << " | "
         << format_number("%.1f", 100 * estimate.accuracy.mean)
         << (estimate.accuracy.count > 1 ? format_number(" ± %.1f%%", 100 * estimate.accuracy.std) : "%")
         << (estimate.complete ? "" : " (folds missing)") << " | " << join(folds, ", ") << " |\n";
    }
  }
  return md.str();
}

}  // namespace sigvit
