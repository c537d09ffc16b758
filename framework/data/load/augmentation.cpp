#include "data/load/augmentation.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>

#include "data/load/normalization.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// Per-case integers uniform in [0, span_i], span_i >= 0, from one draw each.
std::vector<int64_t> uniform_offsets(const std::vector<int64_t>& spans, torch::Generator& generator) {
  const torch::Tensor u = torch::rand({static_cast<int64_t>(spans.size())}, generator, torch::kFloat64);
  const auto draws = u.accessor<double, 1>();
  std::vector<int64_t> offsets(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    offsets[i] = std::min(spans[i], static_cast<int64_t>(draws[static_cast<int64_t>(i)] * (spans[i] + 1)));
  }
  return offsets;
}

std::vector<int64_t> lengths_of(const Batch& batch) {
  if (!batch.lengths.defined()) return std::vector<int64_t>(static_cast<size_t>(batch.x.size(0)), batch.x.size(2));
  const torch::Tensor lengths = batch.lengths.contiguous();
  return std::vector<int64_t>(lengths.data_ptr<int64_t>(), lengths.data_ptr<int64_t>() + lengths.numel());
}

// Each signal becomes `target` samples: a window of a longer signal (random,
// or centred), or the signal followed by zeros. Lengths become defined.
void crop_or_pad(Batch& batch, int64_t target, bool centred, torch::Generator& generator) {
  const std::vector<int64_t> lengths = lengths_of(batch);
  std::vector<int64_t> spans;
  for (int64_t length : lengths) spans.push_back(std::max<int64_t>(length - target, 0));
  std::vector<int64_t> offsets = spans;
  if (centred) {
    for (int64_t& offset : offsets) offset /= 2;
  } else {
    offsets = uniform_offsets(spans, generator);
  }
  torch::Tensor out = torch::zeros({batch.x.size(0), batch.x.size(1), target}, batch.x.options());
  std::vector<int64_t> new_lengths;
  for (size_t i = 0; i < lengths.size(); ++i) {
    const int64_t kept = std::min(lengths[i], target);
    out[static_cast<int64_t>(i)].narrow(1, 0, kept).copy_(batch.x[static_cast<int64_t>(i)].narrow(1, offsets[i], kept));
    new_lengths.push_back(kept);
  }
  batch.x = out;
  batch.lengths = torch::tensor(new_lengths, torch::kInt64);
}

// Circular, so the valid region keeps all its samples and no zeros appear
// inside it; the padding after it is untouched.
void circular_time_shift(Batch& batch, int64_t max_shift, torch::Generator& generator) {
  const std::vector<int64_t> lengths = lengths_of(batch);
  const std::vector<int64_t> draws =
      uniform_offsets(std::vector<int64_t>(lengths.size(), 2 * max_shift), generator);
  // A copy: the batch's tensor may share its storage with the caller's.
  torch::Tensor shifted = batch.x.clone();
  for (size_t i = 0; i < lengths.size(); ++i) {
    const int64_t shift = draws[i] - max_shift;
    torch::Tensor valid = shifted[static_cast<int64_t>(i)].narrow(1, 0, lengths[i]);
    valid.copy_(torch::roll(valid, {shift % lengths[i]}, {1}));
  }
  batch.x = shifted;
}

void crop_with_padding(Batch& batch, int64_t padding, torch::Generator& generator) {
  const int64_t cases = batch.x.size(0);
  const int64_t height = batch.x.size(2);
  const int64_t width = batch.x.size(3);
  const torch::Tensor padded = torch::constant_pad_nd(batch.x, {padding, padding, padding, padding});
  const std::vector<int64_t> offsets =
      uniform_offsets(std::vector<int64_t>(static_cast<size_t>(2 * cases), 2 * padding), generator);
  std::vector<torch::Tensor> crops;
  for (int64_t i = 0; i < cases; ++i) {
    crops.push_back(padded[i]
                        .narrow(1, offsets[static_cast<size_t>(2 * i)], height)
                        .narrow(2, offsets[static_cast<size_t>(2 * i + 1)], width));
  }
  batch.x = torch::stack(crops);
}

void mixup(Batch& batch, double alpha, torch::Generator& generator) {
  // Beta(alpha, alpha) as the ratio of two Gamma(alpha) draws.
  const torch::Tensor gammas = torch::_standard_gamma(torch::full({2}, alpha, torch::kFloat64), generator);
  const double g0 = gammas[0].item<double>();
  const double g1 = gammas[1].item<double>();
  const double lambda = g0 + g1 > 0 ? g0 / (g0 + g1) : 0.5;
  const torch::Tensor partners = torch::randperm(batch.x.size(0), generator, torch::kInt64);
  batch.x = lambda * batch.x + (1.0 - lambda) * batch.x.index_select(0, partners);
  batch.y_mix = batch.y.index_select(0, partners);
  batch.mix_lambda = lambda;
  // A mixed signal holds data up to the longer of the two.
  if (batch.lengths.defined()) batch.lengths = torch::max(batch.lengths, batch.lengths.index_select(0, partners));
}

}  // namespace

bool AugmentOptions::any() const {
  return crop_length > 0 || time_shift > 0 || noise_std > 0 || amplitude_scale[0] != 1.0 ||
         amplitude_scale[1] != 1.0 || mixup_alpha > 0 || crop_padding > 0 || horizontal_flip;
}

AugmentOptions parse_augment_options(const ConfigNode& node) {
  node.expect_keys({"crop_length", "time_shift", "noise_std", "amplitude_scale", "mixup_alpha", "crop_padding",
                    "horizontal_flip"});
  AugmentOptions options;
  auto non_negative_int = [&](const std::string& key) {
    const int64_t value = node.get<int64_t>(key, 0);
    if (value < 0) node.child(key).fail("expected an integer >= 0, got " + std::to_string(value));
    return value;
  };
  auto non_negative_number = [&](const std::string& key) {
    const double value = node.get<double>(key, 0.0);
    if (!(value >= 0) || !std::isfinite(value)) node.child(key).fail("expected a number >= 0");
    return value;
  };
  options.crop_length = non_negative_int("crop_length");
  options.time_shift = non_negative_int("time_shift");
  options.crop_padding = non_negative_int("crop_padding");
  options.noise_std = non_negative_number("noise_std");
  options.mixup_alpha = non_negative_number("mixup_alpha");
  options.horizontal_flip = node.get<bool>("horizontal_flip", false);
  if (node.has("amplitude_scale")) {
    options.amplitude_scale = node.child("amplitude_scale").as<std::vector<double>>();
    const std::vector<double>& scale = options.amplitude_scale;
    if (scale.size() != 2 || !(scale[0] > 0) || !(scale[0] <= scale[1]) || !std::isfinite(scale[1])) {
      node.child("amplitude_scale").fail("expected [min, max] with 0 < min <= max");
    }
  }
  return options;
}

Augmenter::Augmenter(AugmentOptions options, DatasetKind kind) : options_(std::move(options)), kind_(kind) {
  const bool signal = kind_ == DatasetKind::signal1d;
  auto refuse = [&](bool set, const char* key) {
    if (set) {
      throw Error(std::string("data.augment.") + key + " does not apply to " + to_string(kind_) + " data");
    }
  };
  refuse(!signal && options_.crop_length > 0, "crop_length");
  refuse(!signal && options_.time_shift > 0, "time_shift");
  refuse(signal && options_.crop_padding > 0, "crop_padding");
  refuse(signal && options_.horizontal_flip, "horizontal_flip");
}

void Augmenter::apply(Batch& batch, uint64_t seed) const {
  if (!options_.any() || batch.x.size(0) == 0) return;
  torch::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  if (options_.crop_length > 0) crop_or_pad(batch, options_.crop_length, options_.crop_center, generator);
  if (options_.time_shift > 0) circular_time_shift(batch, options_.time_shift, generator);
  if (options_.crop_padding > 0) crop_with_padding(batch, options_.crop_padding, generator);
  if (options_.horizontal_flip) {
    const torch::Tensor flip = (torch::rand({batch.x.size(0), 1, 1, 1}, generator, torch::kFloat32) < 0.5);
    batch.x = torch::where(flip, batch.x.flip({3}), batch.x);
  }
  const torch::Tensor mask = valid_sample_mask(batch.x, batch.lengths);
  const auto [scale_min, scale_max] = std::pair(options_.amplitude_scale[0], options_.amplitude_scale[1]);
  if (scale_min != 1.0 || scale_max != 1.0) {
    std::vector<int64_t> shape(static_cast<size_t>(batch.x.dim()), 1);
    shape[0] = batch.x.size(0);
    batch.x = batch.x * (scale_min + (scale_max - scale_min) * torch::rand(shape, generator, torch::kFloat32));
  }
  if (options_.noise_std > 0) {
    torch::Tensor noise = options_.noise_std * torch::randn(batch.x.sizes(), generator, batch.x.options());
    // Padding stays zero.
    batch.x = batch.x + (mask.defined() ? noise * mask : noise);
  }
  if (options_.mixup_alpha > 0) mixup(batch, options_.mixup_alpha, generator);
}

}  // namespace sigvit
