#include "padding_support.h"
#include "test_support.h"

#include <torch/torch.h>

#include "model/api/plugin_loader.h"
#include "model/builtin_models.h"
#include "model/vit/vision_transformer.h"

namespace sigvit {
namespace {

using testing::error_of;
using ::testing::HasSubstr;

// The example plugin, loaded as a user's plugin would be.
const EmbedderRegistry& with_spectrogram() {
  static const EmbedderRegistry registry = [] {
    EmbedderRegistry r = registry_with_builtins();
    load_plugin(SIGVIT_SPECTROGRAM_PLUGIN, r);
    return r;
  }();
  return registry;
}

std::shared_ptr<Classifier> audio_model(const std::vector<std::string>& overrides = {}) {
  LoadedConfig config = parse_config(
      "model:\n  input_shape: [1, 2000]\n  num_classes: 4\n"
      "  embedder: {name: spectrogram, n_fft: 64, hop: 16, patch_freq: 8, patch_time: 4}\n"
      "  encoder: {embed_dim: 32, depth: 2, num_heads: 4}\n",
      "audio.yaml", overrides);
  return build_model(config.node().child("model"), with_spectrogram());
}

TEST(SpectrogramPlugin, TokensAreTimeMajorPatchesOfTheSpectrogram) {
  auto model = audio_model();
  auto& vit = dynamic_cast<VisionTransformer&>(*model);
  // (2000 - 64) / 16 + 1 = 122 frames -> 30 time patches; 32 bins -> 4 frequency patches.
  EXPECT_EQ(vit.layout().num_tokens(), 120);
  model->eval();
  torch::NoGradGuard no_grad;
  EXPECT_EQ(model->forward({torch::randn({2, 1, 2000}), {}}).logits.sizes(), (std::vector<int64_t>{2, 4}));
}

TEST(SpectrogramPlugin, PaddedClipsClassifyLikeTheClipAlone) {
  auto model = audio_model();
  model->eval();
  torch::NoGradGuard no_grad;
  auto padded = torch::randn({2, 1, 2000});
  auto lengths = torch::tensor({2000, 1000});
  auto batched = model->forward({padded, lengths}).logits;
  auto alone = model->forward({padded[1].narrow(1, 0, 1000).unsqueeze(0), {}}).logits;
  EXPECT_TRUE(torch::allclose(batched[1], alone[0], 1e-5, 1e-5));
  auto non_finite = model->forward({testing::with_non_finite_padding(padded, {2000, 1000}), lengths}).logits;
  EXPECT_TRUE(torch::allclose(batched, non_finite, 1e-5, 1e-5));
}

TEST(SpectrogramPlugin, OptionsAreValidatedWithTheirKey) {
  EXPECT_THAT(error_of([] { audio_model({"model.embedder.patch_freq=5"}); }),
              HasSubstr("model.embedder.patch_freq: expected a positive divisor of n_fft / 2 = 32"));
}

}  // namespace
}  // namespace sigvit
