#include "data/load/normalization.h"

#include <algorithm>
#include <cmath>

#include "sigvit/error.h"

namespace sigvit {

torch::Tensor valid_sample_mask(const torch::Tensor& x, const torch::Tensor& lengths) {
  if (!lengths.defined() || x.dim() != 3) return {};
  const int64_t samples = x.size(2);
  torch::Tensor positions = torch::arange(samples, torch::kInt64).unsqueeze(0);
  return (positions < lengths.unsqueeze(1)).unsqueeze(1).to(x.scalar_type());
}

Normalizer::Normalizer(NormalizationMode mode, NormalizationStats stats) : mode_(mode) {
  if (mode_ == NormalizationMode::per_channel) {
    if (stats.mean.empty() || stats.mean.size() != stats.std.size()) {
      throw Error("per_channel normalisation needs mean and std per channel");
    }
    // [C]; reshaped in apply to the batch's rank.
    mean_ = torch::tensor(stats.mean, torch::kFloat64).to(torch::kFloat32);
    std_ = torch::tensor(stats.std, torch::kFloat64).to(torch::kFloat32);
  }
}

void Normalizer::apply(torch::Tensor& x, const torch::Tensor& lengths) const {
  if (mode_ == NormalizationMode::none) return;
  const torch::Tensor mask = valid_sample_mask(x, lengths);
  if (mode_ == NormalizationMode::per_channel) {
    if (mean_.size(0) != x.size(1)) {
      throw Error("per_channel normalisation: stats for " + std::to_string(mean_.size(0)) +
                  " channels, data has " + std::to_string(x.size(1)));
    }
    std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
    shape[1] = x.size(1);
    x = (x - mean_.reshape(shape)) / std_.reshape(shape);
  } else {
    // Statistics of each case and channel over its valid samples only.
    const torch::Tensor flat = x.flatten(2);
    const torch::Tensor flat_mask = mask.defined() ? mask.expand_as(x) : torch::ones_like(flat);
    const torch::Tensor count = flat_mask.sum(2, true).clamp_min(1);
    const torch::Tensor mean = (flat * flat_mask).sum(2, true) / count;
    const torch::Tensor centred = (flat - mean) * flat_mask;
    const torch::Tensor std = ((centred * centred).sum(2, true) / count).sqrt().clamp_min(kMinNormalizationStd);
    x = (centred / std).view_as(x);
  }
  if (mask.defined()) x = x * mask;
}

}  // namespace sigvit
