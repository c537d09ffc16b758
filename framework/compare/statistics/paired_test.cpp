#include "compare/statistics/paired_test.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "compare/statistics/input_checks.h"
#include "compare/statistics/t_distribution.h"
#include "compare/statistics/tied_ranks.h"
#include "core/text.h"

namespace sigvit::stats {
namespace {

constexpr size_t kMinimumPairs = 5;
// 2^25 sign patterns still fit a uint64 count, and the table of sums
// (n (n + 1) + 1 entries) stays tiny.
constexpr size_t kMaxExactPairs = 25;

void require_pairs(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  if (a.size() != b.size()) {
    throw std::invalid_argument(what + ": the samples have " + std::to_string(a.size()) + " and " +
                                std::to_string(b.size()) + " values; expected one value of each per pair");
  }
  if (a.empty()) throw std::invalid_argument(what + ": the samples are empty; expected at least 1 pair");
  require_finite(a, what + " (first sample)");
  require_finite(b, what + " (second sample)");
}

// P-value of W+ under the null hypothesis (each difference's sign a fair coin,
// independently), by counting the sign patterns. Average ranks are multiples
// of 1/2, so doubled ranks are integers and W+ sums can be counted exactly,
// ties included.
double exact_p_value(const std::vector<double>& ranks, double w_plus) {
  std::vector<int> doubled;
  int total = 0;
  for (double rank : ranks) {
    doubled.push_back(static_cast<int>(std::lround(2 * rank)));
    total += doubled.back();
  }
  // ways[s]: sign patterns of the ranks seen so far whose doubled W+ is s.
  std::vector<uint64_t> ways(total + 1, 0);
  ways[0] = 1;
  for (int rank : doubled) {
    for (int sum = total; sum >= rank; --sum) ways[sum] += ways[sum - rank];
  }
  const int observed = static_cast<int>(std::lround(2 * w_plus));
  uint64_t at_most = 0, at_least = 0;
  for (int sum = 0; sum <= total; ++sum) {
    if (sum <= observed) at_most += ways[sum];
    if (sum >= observed) at_least += ways[sum];
  }
  const double patterns = std::ldexp(1.0, static_cast<int>(ranks.size()));
  return std::min(1.0, 2 * static_cast<double>(std::min(at_most, at_least)) / patterns);
}

double normal_approximation_p_value(const std::vector<double>& magnitudes, double w_plus) {
  const double n = static_cast<double>(magnitudes.size());
  const double mean = n * (n + 1) / 4;
  const double variance = n * (n + 1) * (2 * n + 1) / 24 - tie_correction_sum(magnitudes) / 48;
  // W+ moves in steps of 1/2 at least, so the continuity correction never
  // crosses the mean.
  const double z = std::max(0.0, std::fabs(w_plus - mean) - 0.5) / std::sqrt(variance);
  return 2 * normal_cdf(-z);
}

}  // namespace

WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& a, const std::vector<double>& b) {
  require_pairs(a, b, "wilcoxon_signed_rank");
  WilcoxonResult result;
  result.pairs = a.size();
  std::vector<double> differences;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) differences.push_back(a[i] - b[i]);
  }
  result.n = differences.size();
  result.enough_pairs = result.n >= kMinimumPairs;
  if (differences.empty()) return result;

  std::vector<double> magnitudes;
  for (double difference : differences) magnitudes.push_back(std::fabs(difference));
  const std::vector<double> ranks = ascending_ranks(magnitudes);
  for (size_t i = 0; i < differences.size(); ++i) (differences[i] > 0 ? result.w_plus : result.w_minus) += ranks[i];
  result.statistic = std::min(result.w_plus, result.w_minus);
  result.exact = result.n <= kMaxExactPairs;
  result.p_value = result.exact ? exact_p_value(ranks, result.w_plus)
                                : normal_approximation_p_value(magnitudes, result.w_plus);
  return result;
}

PairedComparison compare_paired(const std::vector<double>& a, const std::vector<double>& b, double level) {
  require_pairs(a, b, "compare_paired");
  std::vector<double> differences;
  for (size_t i = 0; i < a.size(); ++i) differences.push_back(a[i] - b[i]);
  return {describe_sample(differences, level), wilcoxon_signed_rank(a, b)};
}

std::string significance_sentence(const WilcoxonResult& test, double alpha) {
  require_open_unit_interval(alpha, "significance_sentence: alpha");
  if (!test.enough_pairs) return "too few pairs";
  return (test.p_value < alpha ? "significant difference at " : "no significant difference at ") +
         format_number("%g%%", 100 * alpha);
}

std::string paired_verdict(const PairedComparison& comparison) {
  const WilcoxonResult& test = comparison.wilcoxon;
  const double alpha = 1 - comparison.difference.level;
  const std::string wilcoxon = significance_sentence(test, alpha);
  const auto& interval = comparison.difference.mean_interval;
  const bool interval_excludes_zero = interval && (interval->low > 0 || interval->high < 0);
  if (!interval_excludes_zero || (test.enough_pairs && test.p_value < alpha)) return wilcoxon;
  // The smallest exact two-sided p-value of n non-zero differences is 2 / 2^n.
  const bool wilcoxon_can_reach = !test.exact || std::ldexp(2.0, -static_cast<int>(test.n)) < alpha;
  if (wilcoxon_can_reach) return "the t-interval excludes 0; Wilcoxon: " + wilcoxon;
  return "the t-interval excludes 0; " + std::to_string(test.n) + " pairs are too few for Wilcoxon at " +
         format_number("%g%%", 100 * alpha);
}

}  // namespace sigvit::stats
