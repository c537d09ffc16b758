#pragma once

namespace sigvit::stats {

// The standard normal CDF, Phi(z).
double normal_cdf(double z);

// The CDF of Student's t distribution with `df` degrees of freedom (any real
// df > 0, so a Welch-Satterthwaite df fits too).
double student_t_cdf(double t, double df);

// The t with student_t_cdf(t, df) == p, for 0 < p < 1; within about 1e-13
// relative of the true quantile (at df = 1000, lgamma's rounding sets that).
double student_t_quantile(double p, double df);

// The two-sided critical value of a confidence interval: the t with
// P(|T| <= t) == level (2.776 for level 0.95 and df 4).
double t_critical_value(double df, double level = 0.95);

}  // namespace sigvit::stats
