#include "data/convert/resample.h"

#include <algorithm>
#include <cmath>

namespace sigvit {

std::vector<float> resample_linear(const std::vector<float>& samples, double from_rate, double to_rate) {
  if (samples.empty()) return {};
  const auto count = std::max<long long>(1, std::llround(static_cast<double>(samples.size()) * to_rate / from_rate));
  std::vector<float> resampled(static_cast<size_t>(count));
  for (size_t i = 0; i < resampled.size(); ++i) {
    const double position = static_cast<double>(i) * from_rate / to_rate;
    const auto left = static_cast<size_t>(position);
    if (left + 1 >= samples.size()) {
      resampled[i] = samples.back();
    } else {
      const double fraction = position - static_cast<double>(left);
      resampled[i] = static_cast<float>(samples[left] * (1 - fraction) + samples[left + 1] * fraction);
    }
  }
  return resampled;
}

}  // namespace sigvit
