#include "compare/statistics/auroc.h"

#include "compare/statistics/tied_ranks.h"

namespace sigvit::stats {

std::optional<double> auroc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  double positives = 0, rank_sum = 0;
  const std::vector<double> ranks = ascending_ranks(scores);
  for (size_t i = 0; i < scores.size(); ++i) {
    if (!positive[i]) continue;
    ++positives;
    rank_sum += ranks[i];
  }
  const double negatives = static_cast<double>(scores.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nullopt;
  // U of the positives over their rank sum, as a share of all pairs.
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

std::optional<double> macro_auroc(const std::vector<float>& scores, const std::vector<int64_t>& labels,
                                  int64_t classes) {
  if (classes < 1 || scores.size() != labels.size() * static_cast<size_t>(classes)) return std::nullopt;
  double sum = 0;
  int counted = 0;
  std::vector<double> column(labels.size());
  std::vector<bool> positive(labels.size());
  for (int64_t c = 0; c < classes; ++c) {
    for (size_t i = 0; i < labels.size(); ++i) {
      column[i] = scores[i * static_cast<size_t>(classes) + static_cast<size_t>(c)];
      positive[i] = labels[i] == c;
    }
    if (const auto area = auroc(column, positive)) {
      sum += *area;
      ++counted;
    }
  }
  if (counted == 0) return std::nullopt;
  return sum / counted;
}

}  // namespace sigvit::stats
