#include "compare/statistics/friedman_test.h"

#include <cmath>
#include <limits>

#include "compare/statistics/chi_square_distribution.h"
#include "compare/statistics/f_distribution.h"
#include "compare/statistics/ranks.h"

namespace sigvit::stats {

FriedmanResult friedman_test(const ScoreTable& scores) {
  require_score_table(scores, 2, "friedman_test");
  const std::vector<std::vector<double>> ranks = ranks_per_dataset(scores);
  const double n = static_cast<double>(scores.size());
  const double k = static_cast<double>(scores.front().size());
  const double middle = (k + 1) / 2;

  double between = 0;  // spread of the models' rank sums around their expectation
  for (size_t model = 0; model < scores.front().size(); ++model) {
    double rank_sum = 0;
    for (const std::vector<double>& row : ranks) rank_sum += row[model];
    between += (rank_sum - n * middle) * (rank_sum - n * middle);
  }
  double total = 0;  // spread of all ranks; ties make it smaller than N (k^3 - k) / 12
  for (const std::vector<double>& row : ranks) {
    for (double rank : row) total += (rank - middle) * (rank - middle);
  }

  FriedmanResult result;
  result.chi_square_df = k - 1;
  result.f_df1 = k - 1;
  result.f_df2 = (k - 1) * (n - 1);
  if (total == 0) return result;
  result.chi_square = (k - 1) * between / total;
  result.chi_square_p = chi_square_upper_tail(result.chi_square, result.chi_square_df);
  // chi^2 reaches its maximum N (k - 1) exactly when all rows rank alike;
  // the tolerance absorbs the rounding of that case.
  const double denominator = n * (k - 1) - result.chi_square;
  if (denominator <= 1e-12 * n * (k - 1)) {
    result.iman_davenport_f = std::numeric_limits<double>::infinity();
    result.iman_davenport_p = 0;
  } else {
    result.iman_davenport_f = (n - 1) * result.chi_square / denominator;
    result.iman_davenport_p = f_upper_tail(result.iman_davenport_f, result.f_df1, result.f_df2);
  }
  return result;
}

}  // namespace sigvit::stats
