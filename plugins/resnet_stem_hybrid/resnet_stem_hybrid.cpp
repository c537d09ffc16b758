// Built-in embedder `resnet_stem_hybrid`: a ResNet stem (conv-BN-ReLU-maxpool)
// and residual stages, in 1D or 2D as model.input_shape says, whose feature map
// becomes the tokens after a patch projection (the hybrid ViT design).
//
// For padded signals every layer's output is zeroed beyond the valid length
// before the next layer reads it, so in eval a padded signal gives exactly the
// tokens of the same signal unpadded. (In training, BatchNorm statistics see
// the zeros.)

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/pooling.h>

#include "sigvit/error.h"
#include "sigvit/layer_trace.h"
#include "sigvit/padding.h"
#include "sigvit/plugin_api.h"
#include "sigvit/shape_text.h"

namespace {

using sigvit::Error;

template <int Dims>
struct Layers;
template <>
struct Layers<1> {
  using Conv = torch::nn::Conv1d;
  using ConvOptions = torch::nn::Conv1dOptions;
  using Norm = torch::nn::BatchNorm1d;
  using Pool = torch::nn::MaxPool1d;
  using PoolOptions = torch::nn::MaxPool1dOptions;
};
template <>
struct Layers<2> {
  using Conv = torch::nn::Conv2d;
  using ConvOptions = torch::nn::Conv2dOptions;
  using Norm = torch::nn::BatchNorm2d;
  using Pool = torch::nn::MaxPool2d;
  using PoolOptions = torch::nn::MaxPool2dOptions;
};

// A tensor of signals or images, with the valid lengths of padded signals.
struct FeatureMap {
  torch::Tensor values;
  torch::Tensor lengths;  // undefined unless 1D with padding
};

int64_t strided_extent(int64_t extent, int64_t kernel, int64_t stride, int64_t padding) {
  return (extent + 2 * padding - kernel) / stride + 1;
}

template <int Dims>
typename Layers<Dims>::Conv make_conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding,
                                      bool bias) {
  return typename Layers<Dims>::Conv(
      typename Layers<Dims>::ConvOptions(in, out, kernel).stride(stride).padding(padding).bias(bias));
}

// Applies a strided layer and keeps lengths and zeros beyond them in step: a
// window that straddles the end of a signal must not carry it into padding.
template <typename Layer>
FeatureMap strided(Layer& layer, const FeatureMap& in, int64_t kernel, int64_t stride, int64_t padding) {
  FeatureMap out{sigvit::traced(layer, in.values), in.lengths};
  if (in.lengths.defined()) {
    out.lengths = sigvit::conv_output_lengths(in.lengths, kernel, stride, padding);
    out.values = sigvit::zero_beyond_lengths(out.values, out.lengths);
  }
  return out;
}

// A residual block of "same" convolutions (the first one strided), each
// followed by BatchNorm and, except the last, ReLU; a 1x1 projection carries
// the input when the width or resolution changes. Kernels [3, 3] make the
// basic block of ResNet-18; [7, 5, 3] approach the UCR ResNet's [8, 5, 3].
template <int Dims>
class ResidualBlock : public torch::nn::Module {
 public:
  ResidualBlock(int64_t in, int64_t out, int64_t stride, const std::vector<int64_t>& kernels)
      : stride_(stride), kernels_(kernels) {
    for (size_t i = 0; i < kernels.size(); ++i) {
      // Named conv1, bn1, conv2, ... so that checkpoints of two-conv blocks keep their keys.
      const std::string suffix = std::to_string(i + 1);
      convs_.push_back(register_module("conv" + suffix, make_conv<Dims>(i == 0 ? in : out, out, kernels[i],
                                                                        i == 0 ? stride : 1, kernels[i] / 2, false)));
      norms_.push_back(register_module("bn" + suffix, typename Layers<Dims>::Norm(out)));
    }
    if (stride != 1 || in != out) {
      shortcut_conv_ = register_module("shortcut_conv", make_conv<Dims>(in, out, 1, stride, 0, false));
      shortcut_bn_ = register_module("shortcut_bn", typename Layers<Dims>::Norm(out));
    }
  }

  FeatureMap forward(const FeatureMap& in) {
    FeatureMap h = strided(convs_[0], in, kernels_[0], stride_, kernels_[0] / 2);
    for (size_t i = 1; i < convs_.size(); ++i) {
      h.values = sigvit::zero_beyond_lengths(torch::relu(sigvit::traced(norms_[i - 1], h.values)), h.lengths);
      h.values = sigvit::traced(convs_[i], h.values);
    }
    h.values = sigvit::traced(norms_.back(), h.values);
    torch::Tensor identity = in.values;
    if (!shortcut_conv_.is_empty()) identity = sigvit::traced(shortcut_bn_, sigvit::traced(shortcut_conv_, in.values));
    h.values = sigvit::zero_beyond_lengths(torch::relu(h.values + identity), h.lengths);
    return h;
  }

  // The block's output extent for an input extent: only the first, strided
  // convolution changes it (the others keep their input's length).
  int64_t output_extent(int64_t extent) const { return strided_extent(extent, kernels_[0], stride_, kernels_[0] / 2); }

 private:
  int64_t stride_;
  std::vector<int64_t> kernels_;
  std::vector<typename Layers<Dims>::Conv> convs_;
  std::vector<typename Layers<Dims>::Norm> norms_;
  typename Layers<Dims>::Conv shortcut_conv_{nullptr};
  typename Layers<Dims>::Norm shortcut_bn_{nullptr};
};

struct HybridOptions {
  int64_t stem_channels, stem_kernel, stem_stride, patch_size;
  bool stem_pool;
  std::vector<int64_t> stage_channels, stage_blocks, block_kernels;
};

template <int Dims>
class ResnetStemHybrid : public sigvit::Embedder {
 public:
  ResnetStemHybrid(const HybridOptions& options, const sigvit::EmbedderContext& context)
      : options_(options), input_shape_(context.input_shape) {
    const int64_t channels = context.input_shape[0];
    stem_conv_ = register_module("stem_conv", make_conv<Dims>(channels, options.stem_channels, options.stem_kernel,
                                                              options.stem_stride, options.stem_kernel / 2, false));
    stem_bn_ = register_module("stem_bn", typename Layers<Dims>::Norm(options.stem_channels));
    if (options.stem_pool) {
      stem_pool_ = register_module("stem_pool",
                                   typename Layers<Dims>::Pool(typename Layers<Dims>::PoolOptions(3).stride(2).padding(1)));
    }
    auto stages = register_module("stages", torch::nn::ModuleList());
    int64_t width = options.stem_channels;
    for (size_t stage = 0; stage < options.stage_channels.size(); ++stage) {
      for (int64_t b = 0; b < options.stage_blocks[stage]; ++b) {
        int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
        blocks_.push_back(std::make_shared<ResidualBlock<Dims>>(width, options.stage_channels[stage], stride,
                                                                options.block_kernels));
        stages->push_back(blocks_.back());
        width = options.stage_channels[stage];
      }
    }
    proj_ = register_module("proj", make_conv<Dims>(width, context.embed_dim, options.patch_size, options.patch_size, 0, true));
  }

  sigvit::TokenLayout layout(const std::vector<int64_t>& shape) const override {
    if (shape.size() != input_shape_.size() || shape[0] != input_shape_[0]) {
      throw Error("resnet_stem_hybrid: expected input of shape " + sigvit::shape_to_string(input_shape_) + ", got " +
                  sigvit::shape_to_string(shape));
    }
    if (shape != input_shape_ && !(Dims == 1 && shape[1] <= input_shape_[1])) {
      throw Error("resnet_stem_hybrid: input shape " + sigvit::shape_to_string(shape) + " differs from the model's " +
                  sigvit::shape_to_string(input_shape_) + " (signals may only be shorter)");
    }
    std::vector<int64_t> grid(shape.begin() + 1, shape.end());
    for (auto& extent : grid) {
      extent = strided_extent(extent, options_.stem_kernel, options_.stem_stride, options_.stem_kernel / 2);
      if (options_.stem_pool) extent = strided_extent(extent, 3, 2, 1);
      for (const auto& block : blocks_) extent = block->output_extent(extent);
      extent /= options_.patch_size;
      if (extent < 1) {
        throw Error("resnet_stem_hybrid: input " + sigvit::shape_to_string(shape) +
                    " is too small for the stem, stages and patch_size; no token remains");
      }
    }
    return {grid};
  }

  sigvit::TokenBatch embed(const torch::Tensor& x, const torch::Tensor& lengths) override {
    if (x.dim() != Dims + 2) {
      throw Error("resnet_stem_hybrid: expected a batch of rank " + std::to_string(Dims + 2) + ", got " +
                  sigvit::shape_to_string(x.sizes().vec()));
    }
    sigvit::TokenBatch batch;
    batch.grid = layout(std::vector<int64_t>(x.sizes().begin() + 1, x.sizes().end())).grid;
    FeatureMap map{x, torch::Tensor()};
    if (Dims == 1 && lengths.defined()) {
      sigvit::check_lengths(lengths, x, "resnet_stem_hybrid");
      map = {sigvit::zero_beyond_lengths(x, lengths), lengths};
    }
    map = strided(stem_conv_, map, options_.stem_kernel, options_.stem_stride, options_.stem_kernel / 2);
    map.values = sigvit::zero_beyond_lengths(torch::relu(sigvit::traced(stem_bn_, map.values)), map.lengths);
    if (!stem_pool_.is_empty()) map = strided(stem_pool_, map, 3, 2, 1);
    for (auto& block : blocks_) {
      map = block->forward(map);
      if (sigvit::LayerTrace::active()) sigvit::LayerTrace::record(*block, map.values);
    }
    map = strided(proj_, map, options_.patch_size, options_.patch_size, 0);
    batch.tokens = map.values.flatten(2).transpose(1, 2);
    if (map.lengths.defined()) batch.valid = sigvit::valid_positions(map.lengths.clamp_min(1), batch.tokens.size(1));
    return batch;
  }

 private:
  HybridOptions options_;
  std::vector<int64_t> input_shape_;
  typename Layers<Dims>::Conv stem_conv_{nullptr}, proj_{nullptr};
  typename Layers<Dims>::Norm stem_bn_{nullptr};
  typename Layers<Dims>::Pool stem_pool_{nullptr};
  std::vector<std::shared_ptr<ResidualBlock<Dims>>> blocks_;
};

std::shared_ptr<sigvit::Embedder> build(const sigvit::Options& options, const sigvit::EmbedderContext& context) {
  HybridOptions hybrid;
  hybrid.stem_channels = options.positive_integer("stem_channels");
  hybrid.stem_kernel = options.positive_integer("stem_kernel");
  hybrid.stem_stride = options.positive_integer("stem_stride");
  hybrid.stem_pool = options.flag("stem_pool");
  hybrid.patch_size = options.positive_integer("patch_size");
  hybrid.stage_channels = options.integers("stage_channels");
  hybrid.stage_blocks = options.integers("stage_blocks");
  if (hybrid.stage_channels.size() != hybrid.stage_blocks.size()) {
    options.fail("stage_blocks", "expected as many entries as stage_channels (" +
                                       std::to_string(hybrid.stage_channels.size()) + ")");
  }
  for (size_t i = 0; i < hybrid.stage_channels.size(); ++i) {
    if (hybrid.stage_channels[i] <= 0 || hybrid.stage_blocks[i] <= 0) {
      options.fail("stage_channels", "stage channels and block counts must be positive");
    }
  }
  hybrid.block_kernels = options.integers("block_kernels");
  if (hybrid.block_kernels.empty()) options.fail("block_kernels", "expected at least one kernel size");
  for (int64_t kernel : hybrid.block_kernels) {
    if (kernel <= 0 || kernel % 2 == 0) {
      options.fail("block_kernels", "expected odd positive kernel sizes (a block keeps its input's length), got " +
                                        std::to_string(kernel));
    }
  }
  if (context.input_shape.size() == 2) return std::make_shared<ResnetStemHybrid<1>>(hybrid, context);
  if (context.input_shape.size() == 3) return std::make_shared<ResnetStemHybrid<2>>(hybrid, context);
  throw Error("resnet_stem_hybrid: model.input_shape must be [C, L] or [C, H, W], got " +
              sigvit::shape_to_string(context.input_shape));
}

}  // namespace

SIGVIT_PLUGIN(registrar) {
  registrar.add_embedder(
      {"resnet_stem_hybrid",
       "ResNet stem and residual stages (1D or 2D, following model.input_shape); the feature map becomes the tokens.",
       {{"stem_channels", "64", "channels of the stem convolution"},
        {"stem_kernel", "7", "kernel of the stem convolution"},
        {"stem_stride", "2", "stride of the stem convolution"},
        {"stem_pool", "true", "3-wide max pooling with stride 2 after the stem"},
        {"stage_channels", "[64, 128, 256]", "channels of each residual stage; stages after the first halve the resolution"},
        {"stage_blocks", "[2, 2, 2]", "residual blocks per stage"},
        {"block_kernels", "[3, 3]", "kernel of each convolution in a residual block (odd; [7, 5, 3] for three)"},
        {"patch_size", "1", "feature-map positions per token (kernel = stride of the token projection)"}},
       build});
}
