#pragma once

#include <string>
#include <vector>

namespace sigvit::stats {

// Throws std::invalid_argument naming `what` (e.g. "describe_sample: values")
// and the first value that is NaN or infinite: a statistic computed over such
// a value would come out NaN without saying why.
void require_finite(const std::vector<double>& values, const std::string& what);

// Throws std::invalid_argument naming `what` (e.g. "describe_sample: level")
// unless 0 < value < 1, as a confidence level or a significance level must be.
void require_open_unit_interval(double value, const std::string& what);

}  // namespace sigvit::stats
