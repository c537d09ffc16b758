// Built-in embedder `conv1d_signal`: non-overlapping patches of a signal
// [B, C, L], each projected to one token by a Conv1d with kernel = stride = patch.

// conv.h first: LibTorch 1.13's functional/padding.h uses c10 without including it.
#include <torch/nn/modules/conv.h>
#include <torch/nn/functional/padding.h>

#include "sigvit/error.h"
#include "sigvit/layer_trace.h"
#include "sigvit/padding.h"
#include "sigvit/plugin_api.h"
#include "sigvit/shape_text.h"

namespace {

using sigvit::Error;

class Conv1dSignalEmbedder : public sigvit::Embedder {
 public:
  Conv1dSignalEmbedder(const sigvit::Options& options, const sigvit::EmbedderContext& context)
      : channels_(context.input_shape.at(0)),
        length_(context.input_shape.at(1)),
        patch_(options.integer("patch_size")),
        pad_to_patch_(options.flag("pad_to_patch")),
        dynamic_size_(options.flag("dynamic_size")) {
    if (patch_ <= 0) options.fail("patch_size", "expected a positive integer");
    proj_ = register_module("proj", torch::nn::Conv1d(torch::nn::Conv1dOptions(channels_, context.embed_dim, patch_)
                                                          .stride(patch_)
                                                          .bias(options.flag("bias"))));
  }

  sigvit::TokenLayout layout(const std::vector<int64_t>& shape) const override {
    if (shape.size() != 2 || shape[0] != channels_) {
      throw Error("conv1d_signal: expected a signal of shape [" + std::to_string(channels_) + ", L], got " +
                  sigvit::shape_to_string(shape));
    }
    const int64_t length = shape[1];
    if (length > length_ && !dynamic_size_) {
      throw Error("conv1d_signal: input length " + std::to_string(length) + " exceeds the model's " +
                  std::to_string(length_) + "; set model.embedder.dynamic_size: true to accept longer signals "
                  "(position embeddings are then resampled)");
    }
    if (length % patch_ != 0 && !pad_to_patch_) {
      throw Error("conv1d_signal: input length " + std::to_string(length) + " is not divisible by patch_size " +
                  std::to_string(patch_) + "; set model.embedder.pad_to_patch: true to right-pad with zeros, or "
                  "choose a patch size that divides it");
    }
    return {{(length + patch_ - 1) / patch_}};
  }

  sigvit::TokenBatch embed(const torch::Tensor& x, const torch::Tensor& lengths) override {
    if (x.dim() != 3) {
      throw Error("conv1d_signal: expected a batch [B, C, L], got " + sigvit::shape_to_string(x.sizes().vec()));
    }
    const int64_t num_tokens = layout({x.size(1), x.size(2)}).num_tokens();
    torch::Tensor signal = x;
    if (lengths.defined()) {
      sigvit::check_lengths(lengths, x, "conv1d_signal");
      signal = sigvit::zero_beyond_lengths(signal, lengths);
    }
    const int64_t padding = num_tokens * patch_ - x.size(2);
    if (padding > 0) signal = torch::nn::functional::pad(signal, torch::nn::functional::PadFuncOptions({0, padding}));

    sigvit::TokenBatch batch;
    batch.tokens = sigvit::traced(proj_, signal).transpose(1, 2);
    batch.grid = {num_tokens};
    if (lengths.defined()) {
      // A token is valid when it holds at least one sample of the signal.
      batch.valid = sigvit::valid_positions(torch::div(lengths + patch_ - 1, patch_, "floor"), num_tokens);
    }
    return batch;
  }

 private:
  int64_t channels_, length_, patch_;
  bool pad_to_patch_, dynamic_size_;
  torch::nn::Conv1d proj_{nullptr};
};

}  // namespace

SIGVIT_PLUGIN(registrar) {
  registrar.add_embedder(
      {"conv1d_signal",
       "Non-overlapping patches of a signal [C, L], each projected by a Conv1d (kernel = stride = patch).",
       {{"patch_size", "16", "samples per token"},
        {"pad_to_patch", "false", "right-pad with zeros when L is not a multiple of patch_size (else an error)"},
        {"dynamic_size", "false", "accept signals longer than the model's input length, resampling position embeddings"},
        {"bias", "true", "bias in the patch projection"}},
       [](const sigvit::Options& options, const sigvit::EmbedderContext& context) {
         if (context.input_shape.size() != 2) {
           throw Error("conv1d_signal: model.input_shape must be [C, L] for a signal, got " +
                       sigvit::shape_to_string(context.input_shape));
         }
         return std::make_shared<Conv1dSignalEmbedder>(options, context);
       }});
}
