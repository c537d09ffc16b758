#pragma once

#include <torch/types.h>

#include "data/profile/normalization_stats.h"

namespace sigvit {

// valid [B, 1, L] (true for a signal's valid samples), or undefined when every
// sample is valid (images, or signals without lengths).
torch::Tensor valid_sample_mask(const torch::Tensor& x, const torch::Tensor& lengths);

// Normalises a batch in place. Padding stays exactly 0.
class Normalizer {
 public:
  Normalizer() = default;
  // per_channel needs stats with one entry per channel of the data.
  Normalizer(NormalizationMode mode, NormalizationStats stats);

  NormalizationMode mode() const { return mode_; }
  void apply(torch::Tensor& x, const torch::Tensor& lengths) const;

 private:
  NormalizationMode mode_ = NormalizationMode::none;
  torch::Tensor mean_;  // [C], per_channel only
  torch::Tensor std_;
};

}  // namespace sigvit
