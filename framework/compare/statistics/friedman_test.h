#pragma once

#include "compare/statistics/score_table.h"

namespace sigvit::stats {

// The Friedman test of whether k models rank alike over N data sets, and
// Iman and Davenport's F form of it, which is less conservative (Demsar 2006).
struct FriedmanResult {
  // (k - 1) sum_j (R_j - N (k + 1) / 2)^2 / sum_ij (r_ij - (k + 1) / 2)^2,
  // with R_j model j's rank sum: the textbook 12 N / (k (k + 1)) form divided
  // by the tie correction. Chi-square with k - 1 degrees of freedom.
  double chi_square = 0, chi_square_p = 1;
  double chi_square_df = 0;
  // (N - 1) chi^2 / (N (k - 1) - chi^2), F with (k - 1, (k - 1)(N - 1))
  // degrees of freedom; infinite (p = 0) when every data set ranks the models
  // the same way.
  double iman_davenport_f = 0, iman_davenport_p = 1;
  double f_df1 = 0, f_df2 = 0;
};

// Needs at least 2 data sets and 2 models. When every data set ties all
// models, the ranks carry no information: statistics 0, p-values 1.
FriedmanResult friedman_test(const ScoreTable& scores);

}  // namespace sigvit::stats
