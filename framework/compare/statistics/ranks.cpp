#include "compare/statistics/ranks.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>

#include "compare/statistics/nemenyi.h"
#include "compare/statistics/tied_ranks.h"
#include "compare/statistics/wilcoxon_holm.h"

namespace sigvit::stats {
namespace {

constexpr double kAlpha = 0.05;

// The maximal runs of at least 2 positions in which no two differ. A run that
// holds from `first` also holds from first + 1, so each start's longest run
// ends no earlier than the previous start's; a run is maximal exactly when it
// ends later than the one before it.
std::vector<Clique> maximal_cliques(size_t count, const std::function<bool(size_t, size_t)>& differ) {
  std::vector<Clique> cliques;
  size_t previous_last = 0;
  for (size_t first = 0; first < count; ++first) {
    size_t last = std::max(first, previous_last);
    while (last + 1 < count) {
      bool joins = true;
      for (size_t member = first; member <= last && joins; ++member) joins = !differ(member, last + 1);
      if (!joins) break;
      ++last;
    }
    if (last > first && last > previous_last) cliques.push_back({first, last});
    previous_last = last;
  }
  return cliques;
}

}  // namespace

std::vector<std::vector<double>> ranks_per_dataset(const ScoreTable& scores) {
  require_score_table(scores, 1, "ranks_per_dataset");
  std::vector<std::vector<double>> ranks;
  for (const std::vector<double>& row : scores) {
    // Ranking the negated scores puts the highest score first.
    std::vector<double> negated;
    for (double score : row) negated.push_back(-score);
    ranks.push_back(ascending_ranks(negated));
  }
  return ranks;
}

std::vector<double> average_ranks(const ScoreTable& scores) {
  const std::vector<std::vector<double>> ranks = ranks_per_dataset(scores);
  std::vector<double> average(scores.front().size(), 0.0);
  for (const std::vector<double>& row : ranks) {
    for (size_t model = 0; model < row.size(); ++model) average[model] += row[model];
  }
  for (double& rank : average) rank /= static_cast<double>(ranks.size());
  return average;
}

CriticalDifferenceDiagram critical_difference_diagram(const ScoreTable& scores,
                                                      const std::vector<std::string>& model_names,
                                                      CdMethod method) {
  require_score_table(scores, 2, "critical_difference_diagram");
  const size_t models = scores.front().size();
  if (model_names.size() != models) {
    throw std::invalid_argument("critical_difference_diagram: " + std::to_string(model_names.size()) +
                                " model names for a table of " + std::to_string(models) +
                                " models; expected one name per column");
  }
  const std::vector<double> average = average_ranks(scores);
  std::vector<size_t> order(models);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return average[a] < average[b]; });

  CriticalDifferenceDiagram diagram;
  diagram.method = method;
  diagram.alpha = kAlpha;
  diagram.datasets = scores.size();
  for (size_t model : order) {
    diagram.models.push_back(model_names[model]);
    diagram.average_ranks.push_back(average[model]);
  }

  // differ[a][b] for model columns a and b.
  std::vector<std::vector<bool>> differ(models, std::vector<bool>(models, false));
  if (method == CdMethod::nemenyi) {
    const double cd = nemenyi_critical_difference(models, scores.size());
    diagram.critical_difference = cd;
    for (size_t a = 0; a < models; ++a) {
      for (size_t b = 0; b < models; ++b) differ[a][b] = std::fabs(average[a] - average[b]) >= cd;
    }
  } else {
    for (const PairwiseComparison& pair : wilcoxon_holm(scores, kAlpha)) {
      differ[pair.first][pair.second] = differ[pair.second][pair.first] = pair.significant;
    }
  }
  diagram.cliques = maximal_cliques(models, [&](size_t a, size_t b) { return differ[order[a]][order[b]]; });
  return diagram;
}

}  // namespace sigvit::stats
