// Built-in embedder `conv_stem_signal`: an overlapping convolutional stem for
// signals, as "Early convolutions help transformers see better" (Xiao et al.
// 2021) draws it for images: a few strided conv-BN-ReLU layers whose kernels
// are wider than their strides, then a 1x1 convolution to the encoder's
// width. Each position of the last feature map is a token.
//
// Padded signals keep the framework's promise: every layer's output is zeroed
// beyond the valid length before the next layer reads it, and the valid
// tokens are the positions the signal alone would have, so in eval a padded signal
// gives exactly the tokens of the same signal unpadded. (In training,
// BatchNorm statistics see the zeros.)

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>

#include "sigvit/error.h"
#include "sigvit/layer_trace.h"
#include "sigvit/padding.h"
#include "sigvit/plugin_api.h"
#include "sigvit/shape_text.h"

namespace {

using sigvit::Error;

struct StemLayer {
  int64_t channels, kernel, stride;
  int64_t padding() const { return kernel / 2; }
  int64_t output_extent(int64_t extent) const { return (extent + 2 * padding() - kernel) / stride + 1; }
};

class ConvStemSignal : public sigvit::Embedder {
 public:
  ConvStemSignal(std::vector<StemLayer> layers, const sigvit::EmbedderContext& context)
      : layers_(std::move(layers)), input_shape_(context.input_shape) {
    auto convs = register_module("convs", torch::nn::ModuleList());
    auto norms = register_module("norms", torch::nn::ModuleList());
    int64_t width = context.input_shape[0];
    for (const StemLayer& layer : layers_) {
      convs_.push_back(torch::nn::Conv1d(torch::nn::Conv1dOptions(width, layer.channels, layer.kernel)
                                             .stride(layer.stride)
                                             .padding(layer.padding())
                                             .bias(false)));
      norms_.push_back(torch::nn::BatchNorm1d(layer.channels));
      convs->push_back(convs_.back());
      norms->push_back(norms_.back());
      width = layer.channels;
    }
    proj_ = register_module("proj", torch::nn::Conv1d(torch::nn::Conv1dOptions(width, context.embed_dim, 1)));
  }

  sigvit::TokenLayout layout(const std::vector<int64_t>& shape) const override {
    if (shape.size() != 2 || shape[0] != input_shape_[0] || shape[1] > input_shape_[1]) {
      throw Error("conv_stem_signal: expected a signal [" + std::to_string(input_shape_[0]) + ", L] with L <= " +
                  std::to_string(input_shape_[1]) + ", got " + sigvit::shape_to_string(shape));
    }
    int64_t extent = shape[1];
    for (const StemLayer& layer : layers_) extent = layer.output_extent(extent);
    if (extent < 1) {
      throw Error("conv_stem_signal: a signal of " + std::to_string(shape[1]) +
                  " samples is too short for the stem's strides; no token remains");
    }
    return {{extent}};
  }

  sigvit::TokenBatch embed(const torch::Tensor& x, const torch::Tensor& lengths) override {
    if (x.dim() != 3) {
      throw Error("conv_stem_signal: expected a batch [B, C, L], got " + sigvit::shape_to_string(x.sizes().vec()));
    }
    sigvit::TokenBatch batch;
    batch.grid = layout({x.size(1), x.size(2)}).grid;
    torch::Tensor values = x;
    torch::Tensor valid_lengths = lengths;
    if (lengths.defined()) {
      sigvit::check_lengths(lengths, x, "conv_stem_signal");
      values = sigvit::zero_beyond_lengths(x, lengths);
    }
    for (size_t i = 0; i < layers_.size(); ++i) {
      values = torch::relu(sigvit::traced(norms_[i], sigvit::traced(convs_[i], values)));
      if (valid_lengths.defined()) {
        // The positions the same signal alone would have: beyond them lies padding.
        valid_lengths = sigvit::conv_output_lengths(valid_lengths, layers_[i].kernel, layers_[i].stride,
                                                    layers_[i].padding());
        values = sigvit::zero_beyond_lengths(values, valid_lengths);
      }
    }
    batch.tokens = sigvit::traced(proj_, values).transpose(1, 2);
    if (valid_lengths.defined()) {
      batch.valid = sigvit::valid_positions(valid_lengths.clamp(1, batch.tokens.size(1)), batch.tokens.size(1));
    }
    return batch;
  }

 private:
  std::vector<StemLayer> layers_;
  std::vector<int64_t> input_shape_;
  std::vector<torch::nn::Conv1d> convs_;
  std::vector<torch::nn::BatchNorm1d> norms_;
  torch::nn::Conv1d proj_{nullptr};
};

std::shared_ptr<sigvit::Embedder> build(const sigvit::Options& options, const sigvit::EmbedderContext& context) {
  if (context.input_shape.size() != 2) {
    throw Error("conv_stem_signal: model.input_shape must be [C, L] for a signal, got " +
                sigvit::shape_to_string(context.input_shape));
  }
  const std::vector<int64_t> channels = options.integers("channels");
  const std::vector<int64_t> strides = options.integers("strides");
  std::vector<int64_t> kernels = options.is_list("kernel_sizes") ? options.integers("kernel_sizes")
                                                                  : std::vector<int64_t>{};
  if (channels.empty()) options.fail("channels", "expected at least one layer");
  if (strides.size() != channels.size()) {
    options.fail("strides", "expected as many entries as channels (" + std::to_string(channels.size()) + ")");
  }
  if (kernels.empty()) {
    // Twice the stride and one more: each window overlaps its neighbours by a stride.
    for (int64_t stride : strides) kernels.push_back(2 * stride + 1);
  } else if (kernels.size() != channels.size()) {
    options.fail("kernel_sizes", "expected as many entries as channels (" + std::to_string(channels.size()) + ")");
  }
  std::vector<StemLayer> layers;
  for (size_t i = 0; i < channels.size(); ++i) {
    if (channels[i] <= 0 || strides[i] <= 0 || kernels[i] <= 0) {
      options.fail("channels", "channels, strides and kernel sizes must be positive");
    }
    if (kernels[i] < strides[i]) {
      options.fail("kernel_sizes", "a kernel narrower than its stride (" + std::to_string(kernels[i]) + " < " +
                                       std::to_string(strides[i]) + ") skips samples");
    }
    layers.push_back({channels[i], kernels[i], strides[i]});
  }
  return std::make_shared<ConvStemSignal>(std::move(layers), context);
}

}  // namespace

SIGVIT_PLUGIN(registrar) {
  registrar.add_embedder(
      {"conv_stem_signal",
       "Overlapping convolutional stem for signals: strided conv-BN-ReLU layers (kernels wider than strides), "
       "then a 1x1 projection; each output position is a token.",
       {{"channels", "[32, 64, 128]", "channels of each conv-BN-ReLU layer"},
        {"strides", "[2, 2, 2]", "stride of each layer; their product is the samples per token"},
        {"kernel_sizes", "auto", "kernel of each layer (auto: 2 * stride + 1)"}},
       build});
}
