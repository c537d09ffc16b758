#include "compare/statistics/score_table.h"

#include <stdexcept>

#include "compare/statistics/input_checks.h"

namespace sigvit::stats {

void require_score_table(const ScoreTable& scores, size_t min_datasets, const std::string& what) {
  if (scores.empty() || scores.size() < min_datasets) {
    throw std::invalid_argument(what + ": the table has " + std::to_string(scores.size()) +
                                " data sets; expected at least " + std::to_string(min_datasets));
  }
  const size_t models = scores.front().size();
  if (models < 2) {
    throw std::invalid_argument(what + ": the table has " + std::to_string(models) +
                                " model(s); expected at least 2 to compare");
  }
  for (size_t dataset = 0; dataset < scores.size(); ++dataset) {
    const std::string row = what + ": data set " + std::to_string(dataset);
    if (scores[dataset].size() != models) {
      throw std::invalid_argument(row + " has " + std::to_string(scores[dataset].size()) + " scores; expected " +
                                  std::to_string(models) + ", one per model as in data set 0");
    }
    require_finite(scores[dataset], row);
  }
}

std::vector<double> model_column(const ScoreTable& scores, size_t model) {
  std::vector<double> column;
  for (const std::vector<double>& row : scores) column.push_back(row.at(model));
  return column;
}

}  // namespace sigvit::stats
