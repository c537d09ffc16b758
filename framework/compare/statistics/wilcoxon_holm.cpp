#include "compare/statistics/wilcoxon_holm.h"

#include "compare/statistics/holm_correction.h"

namespace sigvit::stats {

std::vector<PairwiseComparison> wilcoxon_holm(const ScoreTable& scores, double alpha) {
  require_score_table(scores, 1, "wilcoxon_holm");
  const size_t models = scores.front().size();
  std::vector<PairwiseComparison> pairs;
  std::vector<double> p_values;
  for (size_t first = 0; first < models; ++first) {
    for (size_t second = first + 1; second < models; ++second) {
      PairwiseComparison pair;
      pair.first = first;
      pair.second = second;
      pair.wilcoxon = wilcoxon_signed_rank(model_column(scores, first), model_column(scores, second));
      p_values.push_back(pair.wilcoxon.p_value);
      pairs.push_back(pair);
    }
  }
  const HolmCorrection holm = holm_correction(p_values, alpha);
  for (size_t i = 0; i < pairs.size(); ++i) {
    pairs[i].adjusted_p = holm.adjusted_p[i];
    pairs[i].significant = holm.rejected[i];
  }
  return pairs;
}

}  // namespace sigvit::stats
