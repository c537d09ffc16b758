// The statistics behind `sigvit compare`, checked against values computed
// independently with SciPy 1.10.1 (the call that gave each number is next to
// it) or by hand where the arithmetic is short.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <vector>

#include "../error_of.h"
#include "compare/statistics/auroc.h"
#include "compare/statistics/chi_square_distribution.h"
#include "compare/statistics/confidence_interval.h"
#include "compare/statistics/f_distribution.h"
#include "compare/statistics/friedman_test.h"
#include "compare/statistics/holm_correction.h"
#include "compare/statistics/nemenyi.h"
#include "compare/statistics/paired_test.h"
#include "compare/statistics/ranks.h"
#include "compare/statistics/t_distribution.h"
#include "compare/statistics/tied_ranks.h"
#include "compare/statistics/wilcoxon_holm.h"

namespace sigvit::stats {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using sigvit::testing::error_of;

// Relative closeness, for values that span orders of magnitude.
void expect_close(double actual, double expected, double relative = 1e-10) {
  EXPECT_NEAR(actual, expected, relative * std::fabs(expected)) << "expected " << expected;
}

// SciPy 1.10's t.ppf is only good to about 2e-9 relative
// (scipy.stats.t.cdf(scipy.stats.t.ppf(0.95, 4), 4) = 0.94999999972), so the
// references solve its CDF instead, which is accurate to about 1e-15:
//   def t_quantile(p, df):
//       return scipy.optimize.brentq(lambda t: scipy.stats.t.cdf(t, df) - p,
//                                    -1e4, 1e4, xtol=1e-300, rtol=8.9e-16)
TEST(TDistribution, TwoSidedCriticalValuesMatchScipy) {
  // t_quantile(0.975, df)
  expect_close(t_critical_value(1), 12.706204736174705, 1e-12);
  expect_close(t_critical_value(2), 4.302652729749461, 1e-12);
  expect_close(t_critical_value(4), 2.7764451051977934, 1e-12);
  expect_close(t_critical_value(9), 2.262157162798205, 1e-12);
  expect_close(t_critical_value(30), 2.042272456301238, 1e-12);
  expect_close(t_critical_value(1000), 1.962339080826407, 1e-12);
  // t_quantile(0.95, 4): the 90% critical value
  expect_close(t_critical_value(4, 0.90), 2.1318467863266486, 1e-12);
  // t_quantile(0.975, 2.5): a non-integer df
  expect_close(t_critical_value(2.5), 3.574654842003679, 1e-12);
}

// The quantile in closed form where one exists: for df = 1 (Cauchy)
// tan(pi (p - 1/2)); for df = 2, (2p - 1) / sqrt(2p (1 - p)); for df = 4,
// with a = 4p (1 - p) and q = cos(acos(sqrt(a)) / 3) / sqrt(a), 2 sqrt(q - 1)
// (for p > 1/2).
TEST(TDistribution, QuantilesMatchTheirClosedForms) {
  const double pi = std::acos(-1.0);
  for (double p : {0.95, 0.975, 0.9995}) {
    expect_close(student_t_quantile(p, 1), std::tan(pi * (p - 0.5)), 1e-13);
    expect_close(student_t_quantile(p, 2), (2 * p - 1) / std::sqrt(2 * p * (1 - p)), 1e-13);
    const double a = 4 * p * (1 - p);
    const double q = std::cos(std::acos(std::sqrt(a)) / 3) / std::sqrt(a);
    expect_close(student_t_quantile(p, 4), 2 * std::sqrt(q - 1), 1e-13);
  }
}

TEST(TDistribution, QuantilesInBothTails) {
  // t_quantile(0.001, 3) and t_quantile(0.9995, 1), as above
  expect_close(student_t_quantile(0.001, 3), -10.214531852407386, 1e-12);
  expect_close(student_t_quantile(0.9995, 1), 636.6192487687047, 1e-12);
  EXPECT_EQ(student_t_quantile(0.5, 7), 0.0);
  EXPECT_EQ(student_t_quantile(0.2, 5), -student_t_quantile(0.8, 5));
}

TEST(TDistribution, CdfMatchesScipy) {
  // scipy.stats.t.cdf(-2.5, 3), scipy.stats.t.cdf(1.3, 7)
  expect_close(student_t_cdf(-2.5, 3), 0.04385332350403277);
  expect_close(student_t_cdf(1.3, 7), 0.8826160823038114);
  // The Cauchy case (df = 1) in closed form: 1/2 + atan(t) / pi.
  expect_close(student_t_cdf(1.0, 1), 0.75);
  // scipy.stats.t.sf(40, 5): a far tail keeps its digits.
  expect_close(1 - student_t_cdf(40, 5), 9.205981085886476e-08, 1e-7);
  expect_close(student_t_cdf(-40, 5), 9.205981085886476e-08);
}

TEST(NormalDistribution, CdfMatchesScipy) {
  // scipy.stats.norm.cdf(1.96), scipy.stats.norm.cdf(-3)
  expect_close(normal_cdf(1.96), 0.9750021048517795, 1e-14);
  expect_close(normal_cdf(-3), 0.0013498980316300933, 1e-14);
  EXPECT_EQ(normal_cdf(0), 0.5);
}

TEST(ChiSquareAndF, UpperTailsMatchScipy) {
  // scipy.stats.chi2.sf(4.5, 2) (= exp(-2.25)), chi2.sf(7.3, 5), chi2.sf(0.4, 3):
  // both branches of the incomplete gamma (x / 2 below and above df / 2 + 1).
  expect_close(chi_square_upper_tail(4.5, 2), 0.10539922456186433);
  expect_close(chi_square_upper_tail(7.3, 5), 0.19926778992124214);
  expect_close(chi_square_upper_tail(0.4, 3), 0.9402424948393607);
  // scipy.stats.f.sf(13.5 / 3.5, 2, 6), scipy.stats.f.sf(2.2, 3, 12)
  expect_close(f_upper_tail(13.5 / 3.5, 2, 6), 0.08374023437499997);
  expect_close(f_upper_tail(2.2, 3, 12), 0.14087232683489484);
}

TEST(DescribeSample, MeanStdAndTIntervalMatchScipy) {
  const std::vector<double> accuracy{0.81, 0.84, 0.79, 0.86, 0.83};
  const SampleDescription sample = describe_sample(accuracy);
  EXPECT_EQ(sample.n, 5u);
  expect_close(sample.mean, 0.826, 1e-14);
  // numpy.std(x, ddof=1)
  ASSERT_TRUE(sample.std.has_value());
  expect_close(*sample.std, 0.02701851217221256, 1e-12);
  // x.mean() -/+ t_quantile(0.975, 4) * scipy.stats.sem(x), with t_quantile as
  // in the TDistribution tests (scipy.stats.t.interval uses the less accurate t.ppf)
  ASSERT_TRUE(sample.mean_interval.has_value());
  expect_close(sample.mean_interval->low, 0.7924520861507335, 1e-12);
  expect_close(sample.mean_interval->high, 0.8595479138492664, 1e-12);
  EXPECT_EQ(sample.min, 0.79);
  EXPECT_EQ(sample.max, 0.86);

  // x.mean() -/+ t_quantile(0.95, 4) * scipy.stats.sem(x)
  const SampleDescription ninety = describe_sample(accuracy, 0.90);
  EXPECT_EQ(ninety.level, 0.90);
  expect_close(ninety.mean_interval->low, 0.8002407972721552, 1e-12);
  expect_close(ninety.mean_interval->high, 0.8517592027278447, 1e-12);
}

TEST(DescribeSample, OneValueHasNoSpreadAndNoInterval) {
  const SampleDescription sample = describe_sample({0.8});
  EXPECT_EQ(sample.n, 1u);
  EXPECT_EQ(sample.mean, 0.8);
  EXPECT_FALSE(sample.std.has_value());
  EXPECT_FALSE(sample.mean_interval.has_value());
  EXPECT_EQ(sample.min, 0.8);
  EXPECT_EQ(sample.max, 0.8);
}

TEST(TiedRanks, EqualValuesShareTheirAverageRank) {
  EXPECT_THAT(ascending_ranks({3, 1, 4, 1, 5, 1}), ElementsAre(4, 2, 5, 2, 6, 2));
  // One group of 3 and one of 2: (27 - 3) + (8 - 2).
  EXPECT_EQ(tie_correction_sum({2, 7, 2, 7, 2, 9}), 30.0);
  EXPECT_EQ(tie_correction_sum({1, 2, 3}), 0.0);
}

// x - y = [1, -0.75, 3.25, 0.5, 2.25]: ranks 3, 2, 5, 1, 4; W- = 2, W+ = 13.
// By hand: W- <= 2 for the sign patterns {}, {1}, {2}, so p = 2 * 3 / 32.
TEST(Wilcoxon, ExactPValueForFivePairs) {
  // scipy.stats.wilcoxon(x, y, zero_method='wilcox', correction=False, method='exact')
  //   -> statistic=2.0, pvalue=0.1875
  const WilcoxonResult test =
      wilcoxon_signed_rank({81.0, 79.5, 84.25, 80.0, 83.0}, {80.0, 80.25, 81.0, 79.5, 80.75});
  EXPECT_TRUE(test.exact);
  EXPECT_EQ(test.n, 5u);
  EXPECT_EQ(test.w_plus, 13.0);
  EXPECT_EQ(test.w_minus, 2.0);
  EXPECT_EQ(test.statistic, 2.0);
  EXPECT_DOUBLE_EQ(test.p_value, 0.1875);
  EXPECT_TRUE(test.enough_pairs);
  EXPECT_EQ(significance_sentence(test), "no significant difference at 5%");
}

TEST(Wilcoxon, ExactPValueForSixPairsAllOneWay) {
  // scipy.stats.wilcoxon(x, y, zero_method='wilcox', correction=False, method='exact')
  //   -> statistic=0.0, pvalue=0.03125 (= 2 / 2^6)
  const WilcoxonResult test = wilcoxon_signed_rank({82.0, 83.5, 81.25, 84.0, 85.5, 80.75},
                                                   {81.0, 81.25, 81.0, 80.0, 80.75, 79.0});
  EXPECT_EQ(test.statistic, 0.0);
  EXPECT_EQ(test.w_plus, 21.0);
  EXPECT_DOUBLE_EQ(test.p_value, 0.03125);
  EXPECT_EQ(significance_sentence(test), "significant difference at 5%");
  EXPECT_EQ(significance_sentence(test, 0.01), "no significant difference at 1%");
}

// The report's verdict weighs the t-interval too: with 5 pairs Wilcoxon
// cannot reach 5% (2 / 2^5 = 0.0625), which must not read as "no difference"
// when every seed says otherwise.
TEST(PairedVerdict, AnIntervalExcludingZeroIsNotCalledNoDifference) {
  // 5 pairs, all one way: t-interval of the differences well below 0.
  const PairedComparison five = compare_paired({96.7, 96.7, 97.3, 97.3, 96.7}, {99.3, 100.0, 100.0, 99.3, 99.3});
  ASSERT_TRUE(five.difference.mean_interval);
  EXPECT_LT(five.difference.mean_interval->high, 0);
  EXPECT_DOUBLE_EQ(five.wilcoxon.p_value, 0.0625);
  EXPECT_EQ(paired_verdict(five), "the t-interval excludes 0; 5 pairs are too few for Wilcoxon at 5%");

  // 8 pairs, W- = 4: exact p = 2 * 7 / 256 = 0.0547 (sign patterns {}, {1},
  // {2}, {3}, {4}, {1,2}, {1,3} have W- <= 4), while the t-interval of
  // mean 2.6 stays above 0.
  const PairedComparison eight = compare_paired({0.1, 0.2, 0.3, -0.4, 5.0, 5.1, 5.2, 5.3}, std::vector<double>(8, 0.0));
  EXPECT_NEAR(eight.wilcoxon.p_value, 14.0 / 256.0, 1e-12);
  EXPECT_GT(eight.difference.mean_interval->low, 0);
  EXPECT_EQ(paired_verdict(eight), "the t-interval excludes 0; Wilcoxon: no significant difference at 5%");
}

TEST(PairedVerdict, OtherwiseItIsTheWilcoxonSentence) {
  // Both agree on a difference: 6 pairs all one way (p = 0.03125).
  const PairedComparison six = compare_paired({82.0, 83.5, 81.25, 84.0, 85.5, 80.75}, {81.0, 81.25, 81.0, 80.0, 80.75, 79.0});
  EXPECT_EQ(paired_verdict(six), "significant difference at 5%");
  // Differences [1, -0.75, 3.25, 0.5, 2.25]: mean 1.25, interval across 0, p = 0.1875.
  const PairedComparison mixed = compare_paired({81.0, 79.5, 84.25, 80.0, 83.0}, {80.0, 80.25, 81.0, 79.5, 80.75});
  EXPECT_LT(mixed.difference.mean_interval->low, 0);
  EXPECT_EQ(paired_verdict(mixed), "no significant difference at 5%");
  // Fewer than 5 pairs with an interval across 0.
  EXPECT_EQ(paired_verdict(compare_paired({1.0, 2.0, 3.0}, {2.0, 1.0, 3.5})), "too few pairs");
}

TEST(Wilcoxon, ExactPValueForEightPairs) {
  // scipy.stats.wilcoxon(x, y, zero_method='wilcox', correction=False, method='exact')
  //   -> statistic=5.0, pvalue=0.078125
  const WilcoxonResult test = wilcoxon_signed_rank({84.5, 80.0, 87.75, 81.25, 79.5, 86.0, 83.5, 85.0},
                                                   {82.0, 81.0, 84.0, 81.0, 80.0, 82.0, 82.0, 82.0});
  EXPECT_EQ(test.statistic, 5.0);
  EXPECT_DOUBLE_EQ(test.p_value, 0.078125);
}

// SciPy's method='exact' ignores ties (it truncates W+ to an integer), so the
// reference for tied ranks is SciPy's exact permutation test of the same
// statistic: all 2^n swaps within pairs.
//   def w_plus(x, y, axis=-1):
//       d = x - y; r = scipy.stats.rankdata(abs(d), axis=axis)
//       return (r * (d > 0)).sum(axis=axis)
//   scipy.stats.permutation_test((x, y), w_plus, permutation_type='samples',
//       n_resamples=numpy.inf, alternative='two-sided', vectorized=True)
TEST(Wilcoxon, ExactPValueWithTiesForSixPairs) {
  // x - y = [1, -1, 2, 2, 3, 0.5]: ranks 2.5, 2.5, 4.5, 4.5, 6, 1.
  // permutation_test -> statistic=18.5, pvalue=0.125
  const WilcoxonResult test =
      wilcoxon_signed_rank({81.0, 80.0, 83.0, 84.0, 85.0, 80.5}, {80.0, 81.0, 81.0, 82.0, 82.0, 80.0});
  EXPECT_EQ(test.w_plus, 18.5);
  EXPECT_EQ(test.w_minus, 2.5);
  EXPECT_TRUE(test.exact);
  EXPECT_DOUBLE_EQ(test.p_value, 0.125);
}

TEST(Wilcoxon, ZerosAreDroppedBeforeTheExactTestWithTies) {
  // x - y = [1, -1, 2, 2, 3, 0.5, 0, -2, 3, 0]: 8 non-zero differences.
  // permutation_test on the 8 non-zero pairs -> statistic=28.5, pvalue=0.171875
  const WilcoxonResult test = wilcoxon_signed_rank({81.0, 80.0, 83.0, 84.0, 85.0, 80.5, 79.0, 82.0, 86.0, 83.0},
                                                   {80.0, 81.0, 81.0, 82.0, 82.0, 80.0, 79.0, 84.0, 83.0, 83.0});
  EXPECT_EQ(test.pairs, 10u);
  EXPECT_EQ(test.n, 8u);
  EXPECT_EQ(test.w_plus, 28.5);
  EXPECT_DOUBLE_EQ(test.p_value, 0.171875);
}

TEST(Wilcoxon, ZerosAreDroppedBeforeTheExactTest) {
  // The pairs of ExactPValueForFivePairs plus two equal pairs. SciPy 1.10
  // switches to the normal approximation when there are zeros (p = 0.138),
  // so the reference is its exact test on the 5 non-zero pairs:
  // scipy.stats.wilcoxon(x[x != y], y[x != y], zero_method='wilcox', method='exact') -> 0.1875
  const WilcoxonResult test = wilcoxon_signed_rank({81.0, 79.5, 84.25, 80.0, 80.0, 83.0, 82.5},
                                                   {80.0, 80.25, 81.0, 80.0, 79.5, 80.75, 82.5});
  EXPECT_EQ(test.pairs, 7u);
  EXPECT_EQ(test.n, 5u);
  EXPECT_EQ(test.statistic, 2.0);
  EXPECT_DOUBLE_EQ(test.p_value, 0.1875);
}

TEST(Wilcoxon, FewerThanFiveNonZeroPairsAreTooFew) {
  const WilcoxonResult test = wilcoxon_signed_rank({1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 5, 6});
  EXPECT_EQ(test.n, 4u);
  EXPECT_FALSE(test.enough_pairs);
  EXPECT_DOUBLE_EQ(test.p_value, 0.125);  // 2 / 2^4: the smallest p four pairs allow
  EXPECT_EQ(significance_sentence(test), "too few pairs");
}

TEST(Wilcoxon, AllDifferencesZeroGivesNoEvidence) {
  const WilcoxonResult test = wilcoxon_signed_rank({0.8, 0.9, 0.7, 0.6, 0.5}, {0.8, 0.9, 0.7, 0.6, 0.5});
  EXPECT_EQ(test.n, 0u);
  EXPECT_EQ(test.p_value, 1.0);
  EXPECT_EQ(significance_sentence(test), "too few pairs");
}

TEST(Wilcoxon, ExactUpToTwentyFivePairs) {
  // scipy.stats.wilcoxon(x, y, zero_method='wilcox', correction=False, method='exact')
  //   -> statistic=98.0, pvalue=0.08513903617858887
  const std::vector<double> x{80.8414, 81.6076, 83.7975, 84.2904, 79.3529, 80.4107, 83.2938, 78.0152, 81.0737,
                              81.8054, 84.514,  83.3788, 81.3456, 81.2628, 81.4996, 85.0471, 81.144,  81.3926,
                              82.7052, 81.7585, 81.6054, 79.7719, 81.977,  81.1128, 84.3323};
  const std::vector<double> y{79.7883, 81.2317, 82.7291, 84.2303, 77.9008, 80.0161, 82.3104, 78.9061, 80.327,
                              83.0936, 86.1493, 83.2833, 81.8455, 80.6987, 78.8548, 85.4788, 81.3679, 80.7872,
                              81.8122, 81.5349, 81.4113, 78.6694, 81.0571, 81.7465, 84.0115};
  const WilcoxonResult test = wilcoxon_signed_rank(x, y);
  EXPECT_TRUE(test.exact);
  EXPECT_EQ(test.statistic, 98.0);
  expect_close(test.p_value, 0.08513903617858887, 1e-12);
}

TEST(Wilcoxon, NormalApproximationForThirtyPairsWithTiesAndZeros) {
  // 32 pairs, 2 of them equal, ties among the rest.
  // scipy.stats.wilcoxon(x, y, zero_method='wilcox', correction=True, method='approx')
  //   -> statistic=105.5, pvalue=0.009102557407768375
  const std::vector<double> x{82.0,  82.5, 81.5, 80.25, 81.0,  80.0, 82.0,  84.75, 81.0, 80.75, 83.0,
                              82.75, 82.25, 80.25, 82.0, 83.5, 79.25, 81.0, 78.25, 79.5, 78.25, 81.5,
                              79.5,  82.5, 82.25, 81.75, 77.0, 81.0, 82.0,  82.25, 79.0, 81.0};
  const std::vector<double> y{82.75, 83.0, 79.25, 80.25, 80.5, 78.0, 82.25, 84.25, 80.25, 80.0, 84.25,
                              82.0,  79.5, 82.0,  80.0,  82.75, 79.5, 77.5, 76.5,  80.75, 77.5, 80.0,
                              79.25, 81.0, 81.75, 80.25, 74.25, 81.5, 81.0, 82.25, 78.25, 82.25};
  const WilcoxonResult test = wilcoxon_signed_rank(x, y);
  EXPECT_FALSE(test.exact);
  EXPECT_EQ(test.n, 30u);
  EXPECT_EQ(test.w_plus, 359.5);
  EXPECT_EQ(test.statistic, 105.5);
  expect_close(test.p_value, 0.009102557407768375, 1e-12);
}

TEST(ComparePaired, MeanDifferenceWithItsInterval) {
  // d = x - y of ExactPValueForEightPairs;
  // d.mean() -/+ t_quantile(0.975, 7) * scipy.stats.sem(d)
  const PairedComparison paired = compare_paired({84.5, 80.0, 87.75, 81.25, 79.5, 86.0, 83.5, 85.0},
                                                 {82.0, 81.0, 84.0, 81.0, 80.0, 82.0, 82.0, 82.0});
  EXPECT_EQ(paired.difference.mean, 1.6875);
  expect_close(paired.difference.mean_interval->low, 0.07337793451610874, 1e-11);
  expect_close(paired.difference.mean_interval->high, 3.3016220654838913, 1e-12);
  EXPECT_DOUBLE_EQ(paired.wilcoxon.p_value, 0.078125);
}

// Three models on four data sets, no ties. By hand: ranks per row
// (1 2 3), (1 3 2), (2 1 3), (1 2 3); rank sums 5, 8, 11.
// chi^2 = 12 / (N k (k + 1)) * (25 + 64 + 121) - 3 N (k + 1) = 52.5 - 48 = 4.5,
// p = exp(-4.5 / 2) for 2 degrees of freedom;
// F = (N - 1) chi^2 / (N (k - 1) - chi^2) = 13.5 / 3.5.
const ScoreTable kHandTable{{.9, .8, .7}, {.85, .75, .8}, {.7, .9, .6}, {.95, .9, .85}};

TEST(Friedman, HandComputedTable) {
  // scipy.stats.friedmanchisquare(*table.T) -> statistic=4.5, pvalue=0.10539922456186433
  const FriedmanResult friedman = friedman_test(kHandTable);
  expect_close(friedman.chi_square, 4.5, 1e-14);
  EXPECT_EQ(friedman.chi_square_df, 2.0);
  expect_close(friedman.chi_square_p, std::exp(-2.25));
  // scipy.stats.f.sf(13.5 / 3.5, 2, 6) -> 0.08374023437499997
  expect_close(friedman.iman_davenport_f, 13.5 / 3.5, 1e-14);
  EXPECT_EQ(friedman.f_df1, 2.0);
  EXPECT_EQ(friedman.f_df2, 6.0);
  expect_close(friedman.iman_davenport_p, 0.08374023437499997);
  EXPECT_THAT(average_ranks(kHandTable), ElementsAre(1.25, 2.0, 2.75));
}

const ScoreTable kTiedTable{{0.80, 0.80, 0.75, 0.70},
                            {0.90, 0.85, 0.85, 0.85},
                            {0.60, 0.65, 0.60, 0.55},
                            {0.70, 0.72, 0.68, 0.72},
                            {0.88, 0.80, 0.84, 0.80}};

TEST(Ranks, TiedModelsShareTheirAverageRank) {
  // [scipy.stats.rankdata(-row) for row in table]
  const std::vector<std::vector<double>> ranks = ranks_per_dataset(kTiedTable);
  EXPECT_THAT(ranks[0], ElementsAre(1.5, 1.5, 3, 4));
  EXPECT_THAT(ranks[1], ElementsAre(1, 3, 3, 3));
  EXPECT_THAT(ranks[3], ElementsAre(3, 1.5, 4, 1.5));
  // numpy.mean([scipy.stats.rankdata(-row) for row in table], axis=0)
  const std::vector<double> average = average_ranks(kTiedTable);
  ASSERT_EQ(average.size(), 4u);
  EXPECT_DOUBLE_EQ(average[0], 1.8);
  EXPECT_DOUBLE_EQ(average[1], 2.1);
  EXPECT_DOUBLE_EQ(average[2], 2.9);
  EXPECT_DOUBLE_EQ(average[3], 3.2);
}

TEST(Friedman, TieCorrectionMatchesScipy) {
  // scipy.stats.friedmanchisquare(*table.T) -> 4.642857142857133, 0.19989626133835595
  // (uncorrected it would be 12 / (5 * 4 * 5) * sum(R_j^2) - 3 * 5 * 5 = 3.9)
  const FriedmanResult friedman = friedman_test(kTiedTable);
  expect_close(friedman.chi_square, 4.642857142857133, 1e-12);
  expect_close(friedman.chi_square_p, 0.19989626133835595, 1e-10);
  // F = 4 chi^2 / (15 - chi^2); scipy.stats.f.sf(F, 3, 12) -> 0.20201870232737149
  expect_close(friedman.iman_davenport_f, 1.793103448275856, 1e-12);
  expect_close(friedman.iman_davenport_p, 0.20201870232737149, 1e-10);
}

TEST(Friedman, IdenticalRankingsEverywhereGiveAnInfiniteF) {
  const FriedmanResult friedman = friedman_test({{3, 2, 1}, {0.9, 0.8, 0.7}, {30, 20, 10}});
  expect_close(friedman.chi_square, 6.0, 1e-14);  // its maximum, N (k - 1)
  EXPECT_EQ(friedman.iman_davenport_f, std::numeric_limits<double>::infinity());
  EXPECT_EQ(friedman.iman_davenport_p, 0.0);
}

TEST(Friedman, AllTiedEverywhereGivesNoEvidence) {
  const FriedmanResult friedman = friedman_test({{1, 1, 1}, {2, 2, 2}});
  EXPECT_EQ(friedman.chi_square, 0.0);
  EXPECT_EQ(friedman.chi_square_p, 1.0);
  EXPECT_EQ(friedman.iman_davenport_p, 1.0);
}

TEST(Nemenyi, CriticalDifferenceFromDemsarsTable) {
  // 2.343 * sqrt(3 * 4 / (6 * 6)) = 2.343 / sqrt(3)
  expect_close(nemenyi_critical_difference(3, 6), 1.352731680711293, 1e-14);
  // 2.569 * sqrt(4 * 5 / (6 * 8))
  expect_close(nemenyi_critical_difference(4, 8), 1.6582823694011422, 1e-14);
  // k = 2: 1.960 * sqrt(1 / N)
  expect_close(nemenyi_critical_difference(2, 4), 0.98, 1e-14);
}

TEST(Holm, StepDownStopsAtTheFirstAcceptedHypothesis) {
  // By hand, m = 4, alpha = 0.05: sorted 0.005 <= 0.05/4 reject, 0.01 <= 0.05/3
  // reject, 0.03 > 0.05/2 stop, so 0.04 is kept although 0.04 <= 0.05/1.
  // Adjusted: 4 * 0.005 = 0.02, 3 * 0.01 = 0.03, 2 * 0.03 = 0.06, max(0.06, 1 * 0.04) = 0.06.
  const HolmCorrection holm = holm_correction({0.01, 0.04, 0.03, 0.005});
  EXPECT_THAT(holm.rejected, ElementsAre(true, false, false, true));
  EXPECT_DOUBLE_EQ(holm.adjusted_p[0], 0.03);
  EXPECT_DOUBLE_EQ(holm.adjusted_p[1], 0.06);
  EXPECT_DOUBLE_EQ(holm.adjusted_p[2], 0.06);
  EXPECT_DOUBLE_EQ(holm.adjusted_p[3], 0.02);
  // Adjusted p-values are capped at 1.
  EXPECT_THAT(holm_correction({0.6, 0.7}).adjusted_p, ElementsAre(1.0, 1.0));
}

// Models A and B swap places, as do C and D, but A and B beat C and D on all
// 8 data sets. Average ranks 1.5, 1.5, 3.5, 3.5.
const ScoreTable kTwoGroups{{.91, .90, .80, .79}, {.85, .86, .75, .76}, {.88, .89, .70, .69},
                            {.93, .92, .82, .83}, {.80, .81, .66, .65}, {.95, .94, .84, .85},
                            {.77, .78, .60, .61}, {.89, .88, .79, .78}};

TEST(WilcoxonHolm, SeparatesTwoGroups) {
  // scipy.stats.wilcoxon(t[:, i], t[:, j], zero_method='wilcox', method='exact'):
  // p = 1.0 for (A, B) and (C, D), 0.0078125 (= 2 / 2^8) for the other four.
  // Holm, m = 6: the four 0.0078125 pass 0.05/6 .. 0.05/3, then 1.0 stops;
  // adjusted 6 * 0.0078125 = 0.046875.
  const std::vector<PairwiseComparison> pairs = wilcoxon_holm(kTwoGroups);
  ASSERT_EQ(pairs.size(), 6u);
  for (const PairwiseComparison& pair : pairs) {
    const bool same_group = (pair.first == 0 && pair.second == 1) || (pair.first == 2 && pair.second == 3);
    EXPECT_DOUBLE_EQ(pair.wilcoxon.p_value, same_group ? 1.0 : 0.0078125) << pair.first << " " << pair.second;
    EXPECT_EQ(pair.significant, !same_group) << pair.first << " " << pair.second;
    EXPECT_DOUBLE_EQ(pair.adjusted_p, same_group ? 1.0 : 0.046875);
  }

  const CriticalDifferenceDiagram diagram =
      critical_difference_diagram(kTwoGroups, {"A", "B", "C", "D"}, CdMethod::wilcoxon_holm);
  EXPECT_THAT(diagram.models, ElementsAre("A", "B", "C", "D"));
  EXPECT_THAT(diagram.average_ranks, ElementsAre(1.5, 1.5, 3.5, 3.5));
  ASSERT_EQ(diagram.cliques.size(), 2u);
  EXPECT_EQ(diagram.cliques[0].first, 0u);
  EXPECT_EQ(diagram.cliques[0].last, 1u);
  EXPECT_EQ(diagram.cliques[1].first, 2u);
  EXPECT_EQ(diagram.cliques[1].last, 3u);
  EXPECT_FALSE(diagram.critical_difference.has_value());
  EXPECT_EQ(diagram.datasets, 8u);
}

// The same order on all 8 data sets, columns given worst first: average ranks
// D 1, C 2, B 3, A 4.
const ScoreTable kChain{{.1, .2, .3, .4}, {.5, .6, .7, .8}, {.2, .3, .4, .5}, {.3, .4, .5, .6},
                        {.4, .5, .6, .7}, {.1, .3, .5, .7}, {.2, .4, .6, .8}, {.0, .1, .2, .3}};

TEST(CriticalDifference, NemenyiCliquesOverlapAlongAChain) {
  // CD = 1.658 for k = 4, N = 8 (see Nemenyi above): neighbours (1 apart) are
  // joined, models 2 apart are not.
  const CriticalDifferenceDiagram diagram =
      critical_difference_diagram(kChain, {"A", "B", "C", "D"}, CdMethod::nemenyi);
  EXPECT_THAT(diagram.models, ElementsAre("D", "C", "B", "A"));
  EXPECT_THAT(diagram.average_ranks, ElementsAre(1, 2, 3, 4));
  ASSERT_TRUE(diagram.critical_difference.has_value());
  expect_close(*diagram.critical_difference, 1.6582823694011422, 1e-14);
  ASSERT_EQ(diagram.cliques.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(diagram.cliques[i].first, i);
    EXPECT_EQ(diagram.cliques[i].last, i + 1);
  }
}

TEST(CriticalDifference, WilcoxonHolmSeparatesAConsistentChain) {
  // Every pair differs the same way on all 8 data sets: p = 2 / 2^8 for all
  // six, all rejected by Holm, so no model is joined to another.
  const CriticalDifferenceDiagram diagram =
      critical_difference_diagram(kChain, {"A", "B", "C", "D"}, CdMethod::wilcoxon_holm);
  EXPECT_TRUE(diagram.cliques.empty());
}

TEST(CriticalDifference, NemenyiJoinsEveryoneWhenRanksAreClose) {
  // Average ranks 1.25, 2, 2.75 on 4 data sets; CD = 2.343 * sqrt(12 / 24) = 1.657.
  const CriticalDifferenceDiagram diagram =
      critical_difference_diagram(kHandTable, {"A", "B", "C"}, CdMethod::nemenyi);
  ASSERT_EQ(diagram.cliques.size(), 1u);
  EXPECT_EQ(diagram.cliques[0].first, 0u);
  EXPECT_EQ(diagram.cliques[0].last, 2u);
}

TEST(StatisticsErrors, InvalidInputIsRefusedWithWhatWasExpected) {
  EXPECT_THAT(error_of([] { describe_sample({}); }), HasSubstr("empty; expected at least 1 value"));
  EXPECT_THAT(error_of([] { describe_sample({0.8, std::nan("")}); }), HasSubstr("value 1 is NaN"));
  EXPECT_THAT(error_of([] { describe_sample({0.8, 0.9}, 1.5); }), HasSubstr("strictly between 0 and 1"));
  EXPECT_THAT(error_of([] { wilcoxon_signed_rank({1, 2, 3}, {1, 2}); }), HasSubstr("have 3 and 2 values"));
  EXPECT_THAT(error_of([] { compare_paired({}, {}); }), HasSubstr("expected at least 1 pair"));
  EXPECT_THAT(error_of([] { compare_paired({1, 2}, {1, INFINITY}); }), HasSubstr("value 1 is infinite"));
  EXPECT_THAT(error_of([] { friedman_test({{0.9}, {0.8}}); }), HasSubstr("1 model(s); expected at least 2"));
  EXPECT_THAT(error_of([] { friedman_test({{0.9, 0.8}}); }), HasSubstr("1 data sets; expected at least 2"));
  EXPECT_THAT(error_of([] { average_ranks({}); }), HasSubstr("0 data sets; expected at least 1"));
  EXPECT_THAT(error_of([] { average_ranks({{0.9, 0.8}, {0.7}}); }),
              HasSubstr("data set 1 has 1 scores; expected 2"));
  EXPECT_THAT(error_of([] { average_ranks({{0.9, 0.8}, {0.7, std::nan("")}}); }), HasSubstr("NaN"));
  EXPECT_THAT(error_of([] { critical_difference_diagram(kHandTable, {"A", "B"}, CdMethod::nemenyi); }),
              HasSubstr("2 model names for a table of 3 models"));
  EXPECT_THAT(error_of([] { nemenyi_critical_difference(11, 5); }), HasSubstr("expected 2 to 10"));
  EXPECT_THAT(error_of([] { holm_correction({0.5, 1.5}); }), HasSubstr("expected a probability in [0, 1]"));
  EXPECT_THAT(error_of([] { student_t_quantile(1.0, 3); }), HasSubstr("expected 0 < p < 1"));
  EXPECT_THAT(error_of([] { t_critical_value(0); }), HasSubstr("expected finite degrees of freedom > 0"));
}

}  // namespace
}  // namespace sigvit::stats

namespace sigvit::stats {
namespace {

TEST(Auroc, CountsCorrectlyOrderedPairsWithTiesAsHalves) {
  // Positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5, 0.9>0.1, 0.5=0.5, 0.5>0.1) = 3.5 of 4.
  EXPECT_DOUBLE_EQ(*auroc({0.9, 0.5, 0.5, 0.1}, {true, true, false, false}), 0.875);
  EXPECT_DOUBLE_EQ(*auroc({0.1, 0.2, 0.8, 0.9}, {true, true, false, false}), 0.0);
  EXPECT_FALSE(auroc({0.3, 0.4}, {true, true}));
}

TEST(Auroc, MacroAveragesOneVsRestOverTheClassesPresent) {
  // Three cases of classes 0, 1, 1 and a class 2 without cases.
  const std::vector<float> scores{0.8f, 0.1f, 0.1f,   // truth 0
                                  0.3f, 0.6f, 0.1f,   // truth 1
                                  0.6f, 0.3f, 0.1f};  // truth 1
  // Class 0: positive 0.8 above 0.3 and 0.6: 1. Class 1: positives 0.6, 0.3 vs 0.1: 1. Class 2: no positive.
  EXPECT_DOUBLE_EQ(*macro_auroc(scores, {0, 1, 1}, 3), 1.0);
  EXPECT_DOUBLE_EQ(*macro_auroc({0.2f, 0.8f, 0.7f, 0.3f}, {0, 1}, 2), 0.0);
  EXPECT_FALSE(macro_auroc({0.5f, 0.5f}, {0}, 2));
}

}  // namespace
}  // namespace sigvit::stats
