#include "data/load/normalization.h"

#include <algorithm>
#include <cmath>

#include "data/format/dataset_reader.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// Below this a standard deviation is taken as zero.
constexpr double kMinStd = 1e-5;

}  // namespace

std::string to_string(NormalizationMode mode) {
  switch (mode) {
    case NormalizationMode::none: return "none";
    case NormalizationMode::per_sample: return "per_sample";
    case NormalizationMode::per_channel: return "per_channel";
  }
  return "none";
}

NormalizationMode parse_normalization_mode(const std::string& text, const std::string& where) {
  if (text == "none") return NormalizationMode::none;
  if (text == "per_sample") return NormalizationMode::per_sample;
  if (text == "per_channel") return NormalizationMode::per_channel;
  throw Error(where + ": normalization '" + text + "', expected none, per_sample or per_channel");
}

YAML::Node NormalizationStats::to_yaml() const {
  YAML::Node node;
  node["mean"] = mean;
  node["std"] = std;
  return node;
}

NormalizationStats NormalizationStats::from_yaml(const ConfigNode& node) {
  node.expect_keys({"mean", "std"});
  NormalizationStats stats;
  stats.mean = node.require<std::vector<double>>("mean");
  stats.std = node.require<std::vector<double>>("std");
  if (stats.mean.empty() || stats.mean.size() != stats.std.size()) {
    node.fail("expected mean and std with one value per channel each, got " + std::to_string(stats.mean.size()) +
              " and " + std::to_string(stats.std.size()));
  }
  for (double s : stats.std) {
    if (!(s > 0) || !std::isfinite(s)) node.child("std").fail("expected finite values > 0, got " + std::to_string(s));
  }
  return stats;
}

NormalizationStats compute_channel_stats(const DatasetReader& reader, const std::string& split,
                                         int64_t block_cases) {
  const SplitLayout& layout = reader.split(split);
  const int64_t channels = layout.case_shape[0];
  torch::Tensor sum = torch::zeros({channels}, torch::kFloat64);
  torch::Tensor sum_squares = torch::zeros({channels}, torch::kFloat64);
  torch::Tensor count = torch::zeros({channels}, torch::kFloat64);
  const int64_t step = std::max<int64_t>(block_cases, 1);
  for (int64_t begin = 0; begin < layout.num_cases; begin += step) {
    CaseBlock block = reader.read_cases(split, begin, std::min(step, layout.num_cases - begin));
    torch::Tensor x = torch::from_blob(block.values.data(), block.shape, torch::kFloat32).to(torch::kFloat64);
    // Samples past a signal's length are padding, not data.
    if (reader.info().kind == DatasetKind::signal1d) {
      torch::Tensor lengths = torch::tensor(block.lengths, torch::kInt64);
      x = x * valid_sample_mask(x, lengths);
      count += lengths.sum().to(torch::kFloat64);
    } else {
      count += static_cast<double>(x.numel() / channels);
    }
    // Sum over every dim but the channel.
    std::vector<int64_t> reduce_dims{0};
    for (int64_t d = 2; d < x.dim(); ++d) reduce_dims.push_back(d);
    sum += x.sum(reduce_dims);
    sum_squares += (x * x).sum(reduce_dims);
  }
  if (layout.num_cases == 0) throw Error(reader.path() + ": /" + split + ": no cases to compute normalisation on");
  torch::Tensor mean = sum / count;
  torch::Tensor variance = (sum_squares / count - mean * mean).clamp_min(0);
  torch::Tensor std = variance.sqrt();
  std = torch::where(std < kMinStd, torch::ones_like(std), std);
  NormalizationStats stats;
  for (int64_t c = 0; c < channels; ++c) {
    stats.mean.push_back(mean[c].item<double>());
    stats.std.push_back(std[c].item<double>());
  }
  return stats;
}

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
    const torch::Tensor std = ((centred * centred).sum(2, true) / count).sqrt().clamp_min(kMinStd);
    x = (centred / std).view_as(x);
  }
  if (mask.defined()) x = x * mask;
}

}  // namespace sigvit
