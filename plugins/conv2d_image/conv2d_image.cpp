// Built-in embedder `conv2d_image`: non-overlapping patches of an image
// [B, C, H, W], each projected to one token by a Conv2d with kernel = stride = patch.

#include <torch/nn/modules/conv.h>

#include "sigvit/error.h"
#include "sigvit/layer_trace.h"
#include "sigvit/plugin_api.h"
#include "sigvit/shape_text.h"

namespace {

using sigvit::Error;

std::string size_text(int64_t height, int64_t width) {
  return std::to_string(height) + "x" + std::to_string(width);
}

class Conv2dImageEmbedder : public sigvit::Embedder {
 public:
  Conv2dImageEmbedder(const sigvit::Options& options, const sigvit::EmbedderContext& context)
      : channels_(context.input_shape.at(0)),
        height_(context.input_shape.at(1)),
        width_(context.input_shape.at(2)),
        dynamic_size_(options.flag("dynamic_size")) {
    PatchSize patch(options, "patch_size");
    patch_h_ = patch.height;
    patch_w_ = patch.width;
    proj_ = register_module(
        "proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels_, context.embed_dim, {patch_h_, patch_w_})
                                      .stride({patch_h_, patch_w_})
                                      .bias(options.flag("bias"))));
  }

  sigvit::TokenLayout layout(const std::vector<int64_t>& shape) const override {
    if (shape.size() != 3 || shape[0] != channels_) {
      throw Error("conv2d_image: expected an image of shape [" + std::to_string(channels_) + ", H, W], got " +
                  sigvit::shape_to_string(shape));
    }
    const int64_t height = shape[1], width = shape[2];
    if ((height != height_ || width != width_) && !dynamic_size_) {
      throw Error("conv2d_image: input image size (" + size_text(height, width) + ") doesn't match the model (" +
                  size_text(height_, width_) + "); set model.embedder.dynamic_size: true to accept other sizes "
                  "(position embeddings are then resampled)");
    }
    if (height % patch_h_ != 0 || width % patch_w_ != 0) {
      throw Error("conv2d_image: image size (" + size_text(height, width) + ") is not divisible by the patch size (" +
                  size_text(patch_h_, patch_w_) + ")");
    }
    return {{height / patch_h_, width / patch_w_}};
  }

  sigvit::TokenBatch embed(const torch::Tensor& x, const torch::Tensor& /*lengths: images are never padded*/) override {
    if (x.dim() != 4) {
      throw Error("conv2d_image: expected a batch [B, C, H, W], got " + sigvit::shape_to_string(x.sizes().vec()));
    }
    sigvit::TokenBatch batch;
    batch.grid = layout({x.size(1), x.size(2), x.size(3)}).grid;
    batch.tokens = sigvit::traced(proj_, x).flatten(2).transpose(1, 2);  // [B, D, gh, gw] -> [B, gh*gw, D]
    return batch;
  }

 private:
  // patch_size: 16, or [height, width]
  struct PatchSize {
    PatchSize(const sigvit::Options& options, const std::string& key) {
      if (options.is_list(key)) {
        auto sizes = options.integers(key);
        if (sizes.size() != 2) options.fail(key, "expected one integer or [height, width]");
        height = sizes[0];
        width = sizes[1];
      } else {
        height = width = options.integer(key);
      }
      if (height <= 0 || width <= 0) options.fail(key, "patch sizes must be positive");
    }
    int64_t height = 0, width = 0;
  };

  int64_t channels_, height_, width_;
  bool dynamic_size_;
  int64_t patch_h_ = 0, patch_w_ = 0;
  torch::nn::Conv2d proj_{nullptr};
};

}  // namespace

SIGVIT_PLUGIN(registrar) {
  registrar.add_embedder(
      {"conv2d_image",
       "Non-overlapping patches of an image [C, H, W], each projected by a Conv2d (kernel = stride = patch).",
       {{"patch_size", "16", "patch edge in pixels, or [height, width]"},
        {"dynamic_size", "false", "accept other image sizes than model.input_shape, resampling position embeddings"},
        {"bias", "true", "bias in the patch projection"}},
       [](const sigvit::Options& options, const sigvit::EmbedderContext& context) {
         if (context.input_shape.size() != 3) {
           throw Error("conv2d_image: model.input_shape must be [C, H, W] for an image, got " +
                       sigvit::shape_to_string(context.input_shape));
         }
         return std::make_shared<Conv2dImageEmbedder>(options, context);
       }});
}
