#include "model/vit/masked_patch_model.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/fft.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>

#include "model/layers/init.h"
#include "sigvit/error.h"
#include "sigvit/padding.h"
#include "sigvit/shape_text.h"

namespace sigvit {
namespace {

// Masks of evaluation passes: the same every time, so that validation losses
// of different epochs measure the model, not the draw.
constexpr uint64_t evaluation_mask_seed = 20221111;

}  // namespace

PretrainOptions parse_pretrain_options(const ConfigNode& pretrain) {
  PretrainOptions options;
  if (!pretrain.yaml().IsDefined() || pretrain.yaml().IsNull()) return options;
  if (!pretrain.is_map()) {
    pretrain.fail("expected a mapping (mask_ratio, masking, span, target, normalize_targets, decoder)");
  }
  pretrain.expect_keys({"mask_ratio", "masking", "span", "target", "normalize_targets", "decoder"});
  options.masking.ratio = pretrain.get<double>("mask_ratio", options.masking.ratio);
  if (!(options.masking.ratio > 0.0 && options.masking.ratio < 1.0)) {
    pretrain.child("mask_ratio").fail("expected a share of the tokens in (0, 1)");
  }
  const std::string shape = pretrain.get<std::string>("masking", "random");
  if (shape == "random") {
    options.masking.shape = MaskShape::random;
  } else if (shape == "spans") {
    options.masking.shape = MaskShape::spans;
  } else {
    pretrain.child("masking").fail("expected 'random' or 'spans', got '" + shape + "'");
  }
  options.masking.span = pretrain.get<int64_t>("span", options.masking.span);
  if (options.masking.span < 1) pretrain.child("span").fail("expected a number of tokens >= 1");
  options.target = pretrain.get<std::string>("target", options.target);
  if (options.target != "values" && options.target != "spectrum") {
    pretrain.child("target").fail("expected 'values' or 'spectrum', got '" + options.target + "'");
  }
  options.normalize_targets = pretrain.get<bool>("normalize_targets", options.normalize_targets);
  options.decoder = pretrain.get<std::string>("decoder", options.decoder);
  if (options.decoder != "linear" && options.decoder != "mlp") {
    pretrain.child("decoder").fail("expected 'linear' or 'mlp', got '" + options.decoder + "'");
  }
  return options;
}

MaskedPatchModel::MaskedPatchModel(std::shared_ptr<VisionTransformer> vit, const PretrainOptions& options)
    : vit_(std::move(vit)), options_(options), grid_(vit_->layout().grid) {
  if (vit_->options().position_embedding == PositionEmbeddingKind::none) {
    // Every hidden token becomes the same mask token, and an encoder without
    // positions cannot tell which one it is looking at: the decoder can then
    // only predict the mean patch (ArrowHead: the loss stayed at 0.9 of its
    // start). Fine-tuning may drop the positions again; the loader skips them.
    throw Error("pretraining: model.position_embedding is 'none', so the encoder cannot tell the hidden tokens "
                "apart and can only learn their mean; pretrain with positions (--set "
                "model.position_embedding=sinusoidal, or in a comparison's pretrain section "
                "model.position_embedding: sinusoidal) and fine-tune with or without them");
  }
  const std::vector<int64_t> shape = vit_->input_shape();
  if (grid_.size() == 1) {
    span_ = {(shape[1] + grid_[0] - 1) / grid_[0]};
    patch_values_ = shape[0] * (options_.target == "spectrum" ? span_[0] / 2 + 1 : span_[0]);
  } else {
    if (shape[1] % grid_[0] != 0 || shape[2] % grid_[1] != 0) {
      throw Error("pretraining: the token grid " + shape_to_string(grid_) + " does not tile the image " +
                  shape_to_string(shape) + ", so a token's pixels are not known");
    }
    if (options_.masking.shape == MaskShape::spans) {
      throw Error("pretrain.masking: spans are runs of neighbouring tokens of a signal; use 'random' for images");
    }
    if (options_.target == "spectrum") {
      throw Error("pretrain.target: spectrum targets are for signals; use 'values' for images");
    }
    span_ = {shape[1] / grid_[0], shape[2] / grid_[1]};
    patch_values_ = shape[0] * span_[0] * span_[1];
  }
  // The ViT's parameters under its own names: this model's checkpoints load
  // into the ViT unchanged.
  for (const auto& child : vit_->named_children()) register_module(child.key(), child.value());
  for (const auto& parameter : vit_->named_parameters(/*recurse=*/false)) {
    register_parameter(parameter.key(), parameter.value());
  }
  const int64_t dim = vit_->options().encoder.embed_dim;
  mask_token_ = register_parameter("mask_token", torch::zeros({1, 1, dim}));
  trunc_normal_(mask_token_, 0.02);
  decoder_ = torch::nn::Sequential();
  if (options_.decoder == "mlp") {
    decoder_->push_back(torch::nn::Linear(dim, dim));
    decoder_->push_back(torch::nn::GELU());
  }
  decoder_->push_back(torch::nn::Linear(dim, patch_values_));
  register_module("decoder", decoder_);
  init_vit_layers(*decoder_);
}

void MaskedPatchModel::train(bool on) {
  Classifier::train(on);
  vit_->train(on);
}

std::vector<std::string> MaskedPatchModel::no_weight_decay() const {
  std::vector<std::string> names = vit_->no_weight_decay();
  names.push_back("mask_token");
  return names;
}

// [B, C, L] -> [B, N, C * span] or [B, C, H, W] -> [B, N, C * ph * pw], the
// tail of a signal beyond N * span zero.
torch::Tensor MaskedPatchModel::patches_of(const torch::Tensor& x) const {
  const int64_t batch = x.size(0), channels = x.size(1);
  if (grid_.size() == 1) {
    const int64_t covered = grid_[0] * span_[0];
    torch::Tensor signal = x;
    if (x.size(2) < covered) {
      signal = torch::constant_pad_nd(x, {0, covered - x.size(2)});
    } else if (x.size(2) > covered) {
      signal = x.narrow(2, 0, covered);
    }
    return signal.reshape({batch, channels, grid_[0], span_[0]}).permute({0, 2, 1, 3}).reshape({batch, grid_[0], -1});
  }
  return x.reshape({batch, channels, grid_[0], span_[0], grid_[1], span_[1]})
      .permute({0, 2, 4, 1, 3, 5})
      .reshape({batch, grid_[0] * grid_[1], -1});
}

// The input with the samples (pixels) of hidden tokens zeroed.
torch::Tensor MaskedPatchModel::hide(const torch::Tensor& x, const torch::Tensor& hidden) const {
  torch::Tensor keep = hidden.logical_not().to(x.scalar_type());
  if (grid_.size() == 1) {
    keep = keep.repeat_interleave(span_[0], 1);  // [B, N * span]
    if (keep.size(1) < x.size(2)) keep = torch::constant_pad_nd(keep, {0, x.size(2) - keep.size(1)}, 1.0);
    return x * keep.narrow(1, 0, x.size(2)).unsqueeze(1);
  }
  keep = keep.reshape({x.size(0), grid_[0], grid_[1]}).repeat_interleave(span_[0], 1).repeat_interleave(span_[1], 2);
  return x * keep.unsqueeze(1);
}

// A token is valid when it holds at least one valid sample, as the built-in
// embedders decide.
torch::Tensor MaskedPatchModel::valid_tokens(const ModelInput& input) const {
  const int64_t tokens = grid_.size() == 1 ? grid_[0] : grid_[0] * grid_[1];
  if (!input.lengths.defined() || grid_.size() != 1) return {};
  const torch::Tensor starts = torch::arange(tokens, input.lengths.options()) * span_[0];
  return starts.unsqueeze(0) < input.lengths.unsqueeze(1);
}

MaskedPatchModel::Reconstruction MaskedPatchModel::reconstruct(const ModelInput& input,
                                                               c10::optional<at::Generator> generator) {
  const int64_t batch = input.x.size(0);
  const int64_t tokens = grid_.size() == 1 ? grid_[0] : grid_[0] * grid_[1];
  Reconstruction out;
  const torch::Tensor valid = valid_tokens(input);
  out.valid = valid.defined() ? valid : torch::ones({batch, tokens}, torch::kBool).to(input.x.device());
  out.hidden = sample_token_mask(options_.masking, batch, tokens, valid.defined() ? valid.cpu() : valid, generator)
                   .to(input.x.device());

  const torch::Tensor clean = input.lengths.defined() ? zero_beyond_lengths(input.x, input.lengths) : input.x;
  TokenBatch embedded = vit_->embed(ModelInput{hide(clean, out.hidden), input.lengths});
  if (embedded.tokens.size(1) != tokens) {
    throw Error("pretraining: the embedder made " + std::to_string(embedded.tokens.size(1)) +
                " tokens, the model's grid " + shape_to_string(grid_) + " has " + std::to_string(tokens) +
                "; pretraining needs inputs of the configured shape");
  }
  embedded.tokens = torch::where(out.hidden.unsqueeze(-1), mask_token_.to(embedded.tokens.dtype()), embedded.tokens);
  const torch::Tensor encoded = vit_->encode(embedded);
  const torch::Tensor patch_tokens = encoded.narrow(1, vit_->num_prefix_tokens(), tokens);
  out.predictions = decoder_->forward(patch_tokens).to(torch::kFloat32);

  out.targets = patches_of(clean).to(torch::kFloat32);
  if (options_.target == "spectrum") {
    // [B, N, C * span] -> per channel log(1 + |rfft|): [B, N, C * (span / 2 + 1)].
    const int64_t channels = input.x.size(1);
    const torch::Tensor samples = out.targets.reshape({batch, tokens, channels, span_[0]});
    out.targets = torch::log1p(torch::fft::rfft(samples, c10::nullopt, -1).abs()).reshape({batch, tokens, -1});
  }
  if (options_.normalize_targets) {
    const torch::Tensor mean = out.targets.mean(-1, /*keepdim=*/true);
    const torch::Tensor variance = out.targets.var(-1, /*unbiased=*/false, /*keepdim=*/true);
    out.targets = (out.targets - mean) / (variance + 1e-6).sqrt();
  }
  const torch::Tensor scored = (out.hidden & out.valid).to(torch::kFloat32);
  const torch::Tensor per_token = (out.predictions - out.targets).pow(2).mean(-1);
  out.loss = (per_token * scored).sum() / scored.sum().clamp_min(1.0);
  return out;
}

ModelOutput MaskedPatchModel::forward(const ModelInput& input) {
  c10::optional<at::Generator> generator;
  if (!is_training()) generator = at::detail::createCPUGenerator(evaluation_mask_seed);
  ModelOutput out;
  out.loss = reconstruct(input, generator).loss;
  return out;
}

}  // namespace sigvit
