#include "data/convert/missing_values.h"

#include <cmath>

#include "sigvit/error.h"

namespace sigvit {

MissingPolicy parse_missing_policy(const std::string& text) {
  if (text == "interpolate") return MissingPolicy::interpolate;
  if (text == "zero") return MissingPolicy::zero;
  throw Error("--missing " + text + ": expected 'interpolate' or 'zero'");
}

void fill_missing(std::vector<float>& channel, MissingPolicy policy, const std::string& where) {
  if (policy == MissingPolicy::zero) {
    for (float& value : channel)
      if (std::isnan(value)) value = 0.0f;
    return;
  }
  const size_t size = channel.size();
  size_t previous = size;  // index of the last known value, size while none yet
  for (size_t i = 0; i < size; ++i) {
    if (std::isnan(channel[i])) continue;
    if (previous == size) {
      for (size_t k = 0; k < i; ++k) channel[k] = channel[i];
    } else {
      const float start = channel[previous], step = (channel[i] - start) / float(i - previous);
      for (size_t k = previous + 1; k < i; ++k) channel[k] = start + step * float(k - previous);
    }
    previous = i;
  }
  if (previous == size && size > 0)
    throw Error(where + ": every value is missing, nothing to interpolate from (use --missing zero)");
  for (size_t k = previous + 1; k < size; ++k) channel[k] = channel[previous];
}

}  // namespace sigvit
