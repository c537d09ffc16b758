#pragma once

#include <vector>

namespace sigvit {

// Resamples one channel from `from_rate` to `to_rate` by linear interpolation
// between neighbouring samples. There is no anti-aliasing filter, so
// downsampling folds content above the new Nyquist frequency back: good
// enough to reconcile a few odd files, not for high-quality conversion.
std::vector<float> resample_linear(const std::vector<float>& samples, double from_rate, double to_rate);

}  // namespace sigvit
