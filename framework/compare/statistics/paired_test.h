#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compare/statistics/confidence_interval.h"

namespace sigvit::stats {

// The two-sided Wilcoxon signed-rank test of paired samples a and b (e.g. two
// models' accuracies on the same seeds), on the differences a[i] - b[i].
//
// Zero differences are dropped before ranking (Wilcoxon's own method, SciPy's
// zero_method='wilcox'): a pair where both models scored the same says nothing
// about which is better. The remaining |differences| are ranked with ties
// sharing their average rank.
//
// With at most 25 non-zero differences the p-value is exact: the null
// distribution of W+ is enumerated over the actual (possibly tied) ranks. Above
// that it comes from the normal approximation with the tie correction of the
// variance and a continuity correction.
struct WilcoxonResult {
  size_t pairs = 0;                // all pairs given
  size_t n = 0;                    // pairs with a non-zero difference: those the test uses
  double w_plus = 0, w_minus = 0;  // rank sums of the positive and the negative differences
  double statistic = 0;            // min(w_plus, w_minus), as SciPy reports it
  double p_value = 1;              // 1 when every difference is zero
  bool exact = true;               // false: normal approximation
  // n >= 5; with fewer, reports say "too few pairs" instead of a verdict.
  // The smallest exact p-value is 2 / 2^n: 0.125 for 4 pairs, 0.0625 for 5,
  // so p < 0.05 takes at least 6 non-zero differences.
  bool enough_pairs = false;
};

WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& a, const std::vector<double>& b);

// What a report shows for two models over the same seeds.
struct PairedComparison {
  SampleDescription difference;  // of a[i] - b[i]: its mean and t interval at `level`
  WilcoxonResult wilcoxon;
};

// Throws std::invalid_argument for samples of different sizes, empty ones
// and non-finite values.
PairedComparison compare_paired(const std::vector<double>& a, const std::vector<double>& b, double level = 0.95);

// The verdict a report prints: "too few pairs", "significant difference at
// 5%" or "no significant difference at 5%" (for alpha 0.05).
std::string significance_sentence(const WilcoxonResult& test, double alpha = 0.05);

// The verdict of both tests on one pair, at 1 - the interval's level: the
// Wilcoxon test's sentence, unless the paired t-interval excludes 0 where
// Wilcoxon does not find a difference, and then says so, with the reason
// when Wilcoxon cannot reach that level at all (5 pairs and fewer at 5%).
std::string paired_verdict(const PairedComparison& comparison);

}  // namespace sigvit::stats
