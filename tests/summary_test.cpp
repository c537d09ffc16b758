#include "test_support.h"

#include <algorithm>

#include "config/config_loader.h"
#include "core/text.h"
#include "model/builtin_models.h"
#include "summary/model_summary.h"

namespace sigvit {
namespace {

using ::testing::HasSubstr;

std::shared_ptr<Classifier> preset(const std::string& name, std::vector<std::string> overrides = {}) {
  LoadedConfig config = load_config(testing::preset_path(name), overrides);
  return build_model(config.node().child("model"), testing::builtins());
}

struct ExpectedCount {
  std::string preset;
  int64_t total;
  int64_t weights_and_biases;
};

void PrintTo(const ExpectedCount& count, std::ostream* out) { *out << count.preset; }

class PresetParameterCount : public ::testing::TestWithParam<ExpectedCount> {};

TEST_P(PresetParameterCount, MatchesTheClassicModelWithFiveClasses) {
  const ExpectedCount& expected = GetParam();
  auto model = preset(expected.preset, {"model.num_classes=5"});
  ParameterCounts counts = count_parameters(*model);
  EXPECT_EQ(counts.total, expected.total);
  EXPECT_EQ(counts.trainable, expected.total);
  EXPECT_EQ(counts.weights_and_biases, expected.weights_and_biases);
}

INSTANTIATE_TEST_SUITE_P(ClassicViTs, PresetParameterCount,
                         ::testing::Values(ExpectedCount{"vit_base_patch16_224", 85802501, 85650437},
                                           ExpectedCount{"vit_base_patch32_224", 87459077, 87419909},
                                           ExpectedCount{"vit_large_patch32_224", 305515525, 305463301},
                                           ExpectedCount{"vit_huge_patch14_224", 630771205, 630440965}),
                         [](const auto& info) { return info.param.preset; });

TEST(Summary, CountsEveryMatrixProductOfASmallViT) {
  auto model = preset("vit1d_tiny_patch80_8000");
  ModelSummary summary = summarize(*model);
  // D = 128, 100 patch tokens + cls, 4 blocks, MLP 512, 10 classes, patches of 80 samples.
  const int64_t d = 128, n = 101, hidden = 512;
  const int64_t per_block = n * d * 3 * d + 2 * n * n * d + n * d * d + 2 * n * d * hidden;
  const int64_t expected = 100 * d * 80 + 4 * per_block + d * 10;
  EXPECT_EQ(summary.macs, expected);
  EXPECT_EQ(summary.total_params, count_parameters(*model).total);

  auto row = std::find_if(summary.rows.begin(), summary.rows.end(),
                          [](const SummaryRow& r) { return r.name == "pos_embed"; });
  ASSERT_NE(row, summary.rows.end());
  EXPECT_EQ(row->output_shape, (std::vector<int64_t>{1, 101, 128}));

  std::string text = format_summary(summary);
  EXPECT_THAT(text, HasSubstr("encoder.blocks.3.attn.qkv"));
  EXPECT_THAT(text, HasSubstr("[-1, 101, 384]"));
  EXPECT_THAT(text, HasSubstr("Total params: " + with_thousands(summary.total_params)));
  EXPECT_THAT(text, HasSubstr("Parameter outside the layers above: cls_token (128)"));
}

TEST(Summary, ViTBase16CostsTheWellKnown17Point6GMACs) {
  ModelSummary summary = summarize(*preset("vit_base_patch16_224"));
  EXPECT_NEAR(summary.macs / 1e9, 17.56, 0.05);
  EXPECT_NEAR(summary.params_mb, 86567656 * 4.0 / (1024 * 1024), 1e-6);
  EXPECT_NEAR(summary.input_mb, 3 * 224 * 224 * 4.0 / (1024 * 1024), 1e-9);
}

TEST(Summary, EveryShippedPresetBuildsAndRuns) {
  for (const std::string name : {"vit_tiny_patch4_28", "hybrid_resnet_vit_tiny_28", "vit1d_small_patch80_8000",
                                 "vit1d_micro_patch10_150", "hybrid1d_resnet_vit_tiny_8000", "vit_tiny_patch16_224"}) {
    ModelSummary summary = summarize(*preset(name));
    EXPECT_GT(summary.macs, 0) << name;
    EXPECT_FALSE(summary.rows.empty()) << name;
  }
}

}  // namespace
}  // namespace sigvit
