#include "compare/report/comparison_statistics.h"

#include <algorithm>
#include <cmath>

namespace sigvit {

std::vector<PairedModels> pair_models(const std::vector<ModelOutcome>& outcomes, const std::string& dataset) {
  std::vector<const ModelOutcome*> tested;
  for (const ModelOutcome& outcome : outcomes) {
    if (outcome.dataset == dataset && outcome.tested) tested.push_back(&outcome);
  }
  std::vector<PairedModels> pairs;
  for (size_t i = 0; i < tested.size(); ++i) {
    for (size_t j = i + 1; j < tested.size(); ++j) {
      PairedModels pair{dataset, tested[i]->model, tested[j]->model, {}, {}};
      std::vector<double> first, second;
      for (size_t a = 0; a < tested[i]->tested_seeds.size(); ++a) {
        const auto& other = tested[j]->tested_seeds;
        const auto found = std::find(other.begin(), other.end(), tested[i]->tested_seeds[a]);
        if (found == other.end()) continue;
        pair.seeds.push_back(tested[i]->tested_seeds[a]);
        first.push_back(tested[i]->accuracies[a]);
        second.push_back(tested[j]->accuracies[static_cast<size_t>(found - other.begin())]);
      }
      // One pair has no spread to speak of.
      if (pair.seeds.size() < 2) continue;
      pair.comparison = stats::compare_paired(first, second);
      pairs.push_back(std::move(pair));
    }
  }
  return pairs;
}

std::optional<ModelRanking> rank_models(const std::vector<ModelOutcome>& outcomes,
                                        const std::vector<std::string>& datasets,
                                        const std::vector<std::string>& models) {
  if (models.size() < 2) return std::nullopt;
  ModelRanking ranking;
  stats::ScoreTable scores;
  for (const std::string& dataset : datasets) {
    std::vector<double> row;
    for (const std::string& model : models) {
      const auto found = std::find_if(outcomes.begin(), outcomes.end(), [&](const ModelOutcome& outcome) {
        return outcome.dataset == dataset && outcome.model == model && outcome.tested;
      });
      if (found == outcomes.end()) break;
      row.push_back(found->accuracy.mean);
    }
    if (row.size() != models.size()) continue;
    scores.push_back(row);
    ranking.datasets.push_back(dataset);
  }
  if (scores.size() < 2) return std::nullopt;
  ranking.friedman = stats::friedman_test(scores);
  // Holm's smallest threshold is 5% / pairs, and an exact Wilcoxon test over
  // N data sets cannot go below p = 2 / 2^N: with fewer data sets than that
  // needs, pairwise tests could never find a difference, however large, and
  // Nemenyi's critical difference is what can be drawn. Nemenyi's table stops
  // at 10 models.
  const double pairs = static_cast<double>(models.size() * (models.size() - 1) / 2);
  const bool pairwise =
      static_cast<double>(scores.size()) >= 1 + std::log2(pairs / 0.05) || models.size() > 10;
  ranking.diagram = stats::critical_difference_diagram(
      scores, models, pairwise ? stats::CdMethod::wilcoxon_holm : stats::CdMethod::nemenyi);
  return ranking;
}

stats::SampleDescription describe_accuracy(const ModelOutcome& outcome) {
  return stats::describe_sample(outcome.accuracies);
}

}  // namespace sigvit
