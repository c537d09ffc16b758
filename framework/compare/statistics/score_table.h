#pragma once

#include <string>
#include <vector>

namespace sigvit::stats {

// scores[dataset][model]: one score per model on each data set, higher is
// better (e.g. mean test accuracy over seeds). Every row has the same models
// in the same order.
using ScoreTable = std::vector<std::vector<double>>;

// Throws std::invalid_argument naming `what` unless the table has at least
// max(1, `min_datasets`) rows, at least 2 models, rows of equal length and finite scores.
void require_score_table(const ScoreTable& scores, size_t min_datasets, const std::string& what);

// One model's scores over the data sets, in row order.
std::vector<double> model_column(const ScoreTable& scores, size_t model);

}  // namespace sigvit::stats
