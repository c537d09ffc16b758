// Example embedder plugin `spectrogram`: audio [B, C, L] -> log-magnitude STFT
// [B, C, F, T] -> non-overlapping time x frequency patches, each projected to
// one token by a Conv2d (the audio spectrogram transformer's front end).
//
// Tokens are ordered time-major and reported as a 1D grid, so a shorter clip
// is a prefix of a longer one: its position embeddings are the first ones, and
// with per-sample lengths a padded clip gives the tokens of the clip alone.

#include <torch/nn/modules/conv.h>
#include <torch/types.h>

#include "sigvit/error.h"
#include "sigvit/layer_trace.h"
#include "sigvit/padding.h"
#include "sigvit/plugin_api.h"
#include "sigvit/shape_text.h"

namespace {

using sigvit::Error;

class SpectrogramEmbedder : public sigvit::Embedder {
 public:
  SpectrogramEmbedder(const sigvit::Options& options, const sigvit::EmbedderContext& context)
      : channels_(context.input_shape.at(0)),
        length_(context.input_shape.at(1)),
        n_fft_(options.integer("n_fft")),
        hop_(options.integer("hop")),
        patch_freq_(options.integer("patch_freq")),
        patch_time_(options.integer("patch_time")),
        log_floor_(options.number("log_floor")) {
    if (n_fft_ < 2 || n_fft_ % 2 != 0) options.fail("n_fft", "expected an even number >= 2");
    if (hop_ <= 0) options.fail("hop", "expected a positive integer");
    if (patch_freq_ <= 0 || (n_fft_ / 2) % patch_freq_ != 0) {
      options.fail("patch_freq", "expected a positive divisor of n_fft / 2 = " + std::to_string(n_fft_ / 2));
    }
    if (patch_time_ <= 0) options.fail("patch_time", "expected a positive integer");
    if (log_floor_ <= 0) options.fail("log_floor", "expected a positive number");
    window_ = register_buffer("window", torch::hann_window(n_fft_));
    proj_ = register_module("proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels_, context.embed_dim,
                                                                               {patch_freq_, patch_time_})
                                                          .stride({patch_freq_, patch_time_})));
  }

  sigvit::TokenLayout layout(const std::vector<int64_t>& shape) const override {
    if (shape.size() != 2 || shape[0] != channels_) {
      throw Error("spectrogram: expected audio of shape [" + std::to_string(channels_) + ", L], got " +
                  sigvit::shape_to_string(shape));
    }
    if (shape[1] > length_) {
      throw Error("spectrogram: input length " + std::to_string(shape[1]) + " exceeds the model's " +
                  std::to_string(length_));
    }
    const int64_t time_tokens = frames(shape[1]) / patch_time_;
    if (time_tokens < 1) {
      throw Error("spectrogram: " + std::to_string(shape[1]) + " samples give fewer than patch_time = " +
                  std::to_string(patch_time_) + " frames of n_fft " + std::to_string(n_fft_));
    }
    return {{time_tokens * freq_tokens()}};
  }

  sigvit::TokenBatch embed(const torch::Tensor& x, const torch::Tensor& lengths) override {
    if (x.dim() != 3) throw Error("spectrogram: expected a batch [B, C, L], got " + sigvit::shape_to_string(x.sizes().vec()));
    sigvit::TokenBatch batch;
    batch.grid = layout({x.size(1), x.size(2)}).grid;
    torch::Tensor audio = x;
    if (lengths.defined()) {
      sigvit::check_lengths(lengths, x, "spectrogram");
      audio = sigvit::zero_beyond_lengths(audio, lengths);
    }
    const int64_t batch_size = x.size(0);
    // Frames start at 0 with no centring pad, so a frame only ever reads samples it owns.
    auto spectrum = torch::stft(audio.reshape({batch_size * channels_, x.size(2)}), n_fft_, hop_, n_fft_, window_,
                                /*normalized=*/false, /*onesided=*/true, /*return_complex=*/true);
    auto magnitude = spectrum.abs().narrow(1, 0, n_fft_ / 2);  // drop the Nyquist bin: F = n_fft / 2
    auto image = (magnitude + log_floor_).log().reshape({batch_size, channels_, n_fft_ / 2, magnitude.size(2)});
    auto patches = sigvit::traced(proj_, image);                // [B, D, F', T']
    batch.tokens = patches.permute({0, 3, 2, 1}).reshape({batch_size, -1, patches.size(1)});  // time-major
    if (lengths.defined()) {
      auto valid_frames = torch::div(lengths - n_fft_, hop_, "floor") + 1;
      auto valid_time_tokens = torch::div(valid_frames, patch_time_, "floor").clamp_min(1);
      batch.valid = sigvit::valid_positions(valid_time_tokens * freq_tokens(), batch.tokens.size(1));
    }
    return batch;
  }

 private:
  int64_t frames(int64_t samples) const { return samples < n_fft_ ? 0 : (samples - n_fft_) / hop_ + 1; }
  int64_t freq_tokens() const { return n_fft_ / 2 / patch_freq_; }

  int64_t channels_, length_, n_fft_, hop_, patch_freq_, patch_time_;
  double log_floor_;
  torch::Tensor window_;
  torch::nn::Conv2d proj_{nullptr};
};

}  // namespace

SIGVIT_PLUGIN(registrar) {
  registrar.add_embedder(
      {"spectrogram",
       "Log-magnitude STFT of audio [C, L], cut into time x frequency patches (time-major tokens).",
       {{"n_fft", "256", "FFT size and Hann window length; F = n_fft / 2 frequency bins are kept"},
        {"hop", "64", "samples between frames"},
        {"patch_freq", "16", "frequency bins per patch (must divide n_fft / 2)"},
        {"patch_time", "4", "frames per patch"},
        {"log_floor", "1e-6", "added to magnitudes before the logarithm"}},
       [](const sigvit::Options& options, const sigvit::EmbedderContext& context) {
         if (context.input_shape.size() != 2) {
           throw Error("spectrogram: model.input_shape must be [C, L] for audio, got " +
                       sigvit::shape_to_string(context.input_shape));
         }
         return std::make_shared<SpectrogramEmbedder>(options, context);
       }});
}
