#include "compare/statistics/input_checks.h"

#include <cmath>
#include <stdexcept>

namespace sigvit::stats {

void require_finite(const std::vector<double>& values, const std::string& what) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw std::invalid_argument(what + ": value " + std::to_string(i) + " is " +
                                  (std::isnan(values[i]) ? "NaN" : "infinite") + "; expected finite numbers");
    }
  }
}

void require_open_unit_interval(double value, const std::string& what) {
  if (!(value > 0 && value < 1)) {
    throw std::invalid_argument(what + " = " + std::to_string(value) + "; expected a value strictly between 0 and 1");
  }
}

}  // namespace sigvit::stats
