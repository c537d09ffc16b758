#include "test_support.h"

#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "model/api/config_options.h"
#include "sigvit/error.h"
#include "sigvit/padding.h"

namespace sigvit {
namespace {

using testing::builtins;
using testing::error_of;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

std::shared_ptr<Embedder> make_embedder(const std::string& yaml, std::vector<int64_t> input_shape, int64_t dim = 32) {
  LoadedConfig config = parse_config(yaml, "embedder.yaml");
  return builtins().create(config.node().child("embedder"), EmbedderContext{std::move(input_shape), dim});
}

TEST(Conv1dSignal, CutsSignalsIntoPatchTokens) {
  auto embedder = make_embedder("embedder: {name: conv1d_signal, patch_size: 80}", {1, 8000});
  TokenBatch batch = embedder->embed(torch::randn({2, 1, 8000}), {});
  EXPECT_EQ(batch.tokens.sizes(), (std::vector<int64_t>{2, 100, 32}));
  EXPECT_EQ(batch.grid, (std::vector<int64_t>{100}));
  EXPECT_FALSE(batch.valid.defined());
  EXPECT_EQ(embedder->layout({1, 8000}).num_tokens(), 100);
}

TEST(Conv1dSignal, EachTokenSeesOnlyItsOwnPatch) {
  auto embedder = make_embedder("embedder: {name: conv1d_signal, patch_size: 10}", {1, 100});
  auto x = torch::randn({1, 1, 100});
  auto changed = x.clone();
  changed.index_put_({0, 0, torch::indexing::Slice(30, 40)}, 5.0);
  auto before = embedder->embed(x, {}).tokens;
  auto after = embedder->embed(changed, {}).tokens;
  auto differs = (before - after).abs().sum(-1).gt(0).squeeze(0);
  EXPECT_EQ(testing::values(differs.nonzero().flatten()), std::vector<int64_t>{3});
}

TEST(Conv1dSignal, LengthNotDivisibleByPatchIsAnErrorUnlessPadded) {
  auto strict = make_embedder("embedder: {name: conv1d_signal, patch_size: 80}", {1, 8001});
  EXPECT_THAT(error_of([&] { strict->layout({1, 8001}); }),
              HasSubstr("input length 8001 is not divisible by patch_size 80"));
  auto padded = make_embedder("embedder: {name: conv1d_signal, patch_size: 80, pad_to_patch: true}", {1, 8001});
  EXPECT_EQ(padded->embed(torch::randn({3, 1, 8001}), {}).tokens.sizes(), (std::vector<int64_t>{3, 101, 32}));
}

TEST(Conv1dSignal, LengthsMarkTokensHoldingSignalAsValid) {
  auto embedder = make_embedder("embedder: {name: conv1d_signal, patch_size: 10}", {1, 100});
  TokenBatch batch = embedder->embed(torch::randn({3, 1, 100}), torch::tensor({100, 35, 1}));
  ASSERT_TRUE(batch.valid.defined());
  EXPECT_EQ(testing::values(batch.valid.sum(1)), (std::vector<int64_t>{10, 4, 1}));
  EXPECT_THAT(error_of([&] { embedder->embed(torch::randn({2, 1, 100}), torch::tensor({0, 5})); }),
              HasSubstr("lengths must lie in [1, 100]"));
}

TEST(Conv1dSignal, LongerSignalsNeedDynamicSize) {
  auto embedder = make_embedder("embedder: {name: conv1d_signal, patch_size: 10}", {1, 100});
  EXPECT_THAT(error_of([&] { embedder->embed(torch::randn({1, 1, 120}), {}); }),
              HasSubstr("input length 120 exceeds the model's 100"));
  EXPECT_EQ(embedder->embed(torch::randn({1, 1, 60}), {}).tokens.size(1), 6);
}

TEST(Conv2dImage, CutsImagesIntoAGridOfTokens) {
  auto embedder = make_embedder("embedder: {name: conv2d_image, patch_size: 8}", {3, 32, 48});
  TokenBatch batch = embedder->embed(torch::randn({2, 3, 32, 48}), {});
  EXPECT_EQ(batch.tokens.sizes(), (std::vector<int64_t>{2, 24, 32}));
  EXPECT_EQ(batch.grid, (std::vector<int64_t>{4, 6}));
  auto rectangular = make_embedder("embedder: {name: conv2d_image, patch_size: [4, 8]}", {1, 16, 16});
  EXPECT_EQ(rectangular->layout({1, 16, 16}).grid, (std::vector<int64_t>{4, 2}));
}

TEST(Conv2dImage, AnotherImageSizeIsAnErrorNamingBothSizes) {
  auto embedder = make_embedder("embedder: {name: conv2d_image, patch_size: 16}", {3, 224, 224});
  std::string message = error_of([&] { embedder->embed(torch::randn({1, 3, 160, 160}), {}); });
  EXPECT_THAT(message, HasSubstr("input image size (160x160) doesn't match the model (224x224)"));
  EXPECT_THAT(message, HasSubstr("dynamic_size"));
  EXPECT_THAT(error_of([&] { embedder->embed(torch::randn({1, 1, 224, 224}), {}); }),
              HasSubstr("expected an image of shape [3, H, W], got [1, 224, 224]"));
}

TEST(Conv2dImage, DynamicSizeAcceptsOtherSizes) {
  auto embedder = make_embedder("embedder: {name: conv2d_image, patch_size: 16, dynamic_size: true}", {3, 224, 224});
  EXPECT_EQ(embedder->embed(torch::randn({1, 3, 160, 192}), {}).grid, (std::vector<int64_t>{10, 12}));
}

TEST(ResnetStemHybrid, Works1DWithLayoutMatchingTheForwardPass) {
  auto embedder = make_embedder(
      "embedder: {name: resnet_stem_hybrid, stem_channels: 8, stem_kernel: 7, stem_stride: 2, "
      "stage_channels: [8, 16], stage_blocks: [1, 1], patch_size: 2}",
      {2, 1000});
  TokenBatch batch = embedder->embed(torch::randn({3, 2, 1000}), {});
  auto layout = embedder->layout({2, 1000});
  EXPECT_EQ(batch.grid, layout.grid);
  // 1000 -> stem /2 -> 500 -> pool /2 -> 250 -> stage 2 /2 -> 125 -> patch 2 -> 62
  EXPECT_EQ(batch.tokens.sizes(), (std::vector<int64_t>{3, 62, 32}));
}

TEST(ResnetStemHybrid, Works2D) {
  auto embedder = make_embedder("embedder: {name: resnet_stem_hybrid, stem_channels: 8, stage_channels: [8, 16], "
                                "stage_blocks: [1, 2]}",
                                {1, 64, 64});
  TokenBatch batch = embedder->embed(torch::randn({2, 1, 64, 64}), {});
  EXPECT_EQ(batch.grid, (std::vector<int64_t>{8, 8}));
  EXPECT_EQ(batch.tokens.sizes(), (std::vector<int64_t>{2, 64, 32}));
}

std::vector<std::string> parameter_names(const std::shared_ptr<Embedder>& embedder) {
  std::vector<std::string> names;
  for (const auto& parameter : embedder->named_parameters()) names.push_back(parameter.key());
  return names;
}

TEST(ResnetStemHybrid, BlockKernelsSetEachConvolutionOfABlock) {
  const std::string stages = "stem_channels: 8, stem_pool: false, stage_channels: [8, 16], stage_blocks: [1, 1]";
  auto basic = make_embedder("embedder: {name: resnet_stem_hybrid, " + stages + "}", {1, 100});
  // The default two-conv block keeps the parameter names of earlier checkpoints.
  EXPECT_THAT(parameter_names(basic), Contains("stages.1.conv2.weight"));
  EXPECT_THAT(parameter_names(basic), Not(Contains("stages.1.conv3.weight")));

  auto wide = make_embedder("embedder: {name: resnet_stem_hybrid, " + stages + ", block_kernels: [7, 5, 3]}", {1, 100});
  const auto parameters = wide->named_parameters();
  EXPECT_EQ(parameters["stages.1.conv1.weight"].sizes(), (std::vector<int64_t>{16, 8, 7}));
  EXPECT_EQ(parameters["stages.1.conv2.weight"].sizes(), (std::vector<int64_t>{16, 16, 5}));
  EXPECT_EQ(parameters["stages.1.conv3.weight"].sizes(), (std::vector<int64_t>{16, 16, 3}));
  // Same-length convolutions: the kernels change neither the token count nor the layout.
  TokenBatch batch = wide->embed(torch::randn({2, 1, 99}), {});
  EXPECT_EQ(batch.grid, wide->layout({1, 99}).grid);
  EXPECT_EQ(batch.grid, basic->layout({1, 99}).grid);
  // 99 -> stem /2 -> 50 -> stage 2 /2 -> 25 tokens
  EXPECT_EQ(batch.tokens.sizes(), (std::vector<int64_t>{2, 25, 32}));

  EXPECT_THAT(error_of([&] {
                make_embedder("embedder: {name: resnet_stem_hybrid, " + stages + ", block_kernels: [8, 5, 3]}", {1, 100});
              }),
              HasSubstr("embedder.block_kernels: expected odd positive kernel sizes (a block keeps its input's length), got 8"));
  EXPECT_THAT(error_of([&] {
                make_embedder("embedder: {name: resnet_stem_hybrid, " + stages + ", block_kernels: []}", {1, 100});
              }),
              HasSubstr("embedder.block_kernels: expected at least one kernel size"));
}

TEST(ResnetStemHybrid, MismatchedStageListsAreAConfigError) {
  std::string message = error_of([] {
    make_embedder("embedder: {name: resnet_stem_hybrid, stage_channels: [8, 16], stage_blocks: [1]}", {1, 100});
  });
  EXPECT_THAT(message, HasSubstr("embedder.yaml:1: embedder.stage_blocks: expected as many entries as stage_channels (2)"));
}

TEST(EmbedderOptions, PluginsReadTheirOptionsThroughTheSdkInterface) {
  const LoadedConfig config =
      parse_config("embedder:\n  size: 16\n  sizes: [4, 8]\n  rate: 0.5\n  enabled: true\n  kind: hann\n  zero: 0\n",
                   "options.yaml");
  const ConfigOptions concrete(config.node().child("embedder"));
  const Options& options = concrete;
  EXPECT_EQ(options.integer("size"), 16);
  EXPECT_EQ(options.integers("sizes"), (std::vector<int64_t>{4, 8}));
  EXPECT_DOUBLE_EQ(options.number("rate"), 0.5);
  EXPECT_TRUE(options.flag("enabled"));
  EXPECT_EQ(options.text("kind"), "hann");
  EXPECT_TRUE(options.is_list("sizes"));
  EXPECT_FALSE(options.is_list("size"));
  EXPECT_FALSE(options.has("missing"));
  EXPECT_THAT(error_of([&] { options.integer("kind"); }),
              HasSubstr("options.yaml:6: embedder.kind: expected an integer, got 'hann'"));
  EXPECT_THAT(error_of([&] { options.number("missing"); }),
              HasSubstr("embedder.missing: required key is missing"));
  EXPECT_THAT(error_of([&] { options.fail("rate", "too fast"); }), HasSubstr("options.yaml:4: embedder.rate: too fast"));
  EXPECT_THAT(error_of([&] { options.positive_integer("zero"); }),
              HasSubstr("options.yaml:7: embedder.zero: expected a positive integer, got 0"));
  EXPECT_EQ(options.positive_integer("size"), 16);
}

TEST(Padding, NonFinitePaddingIsReplacedNotMultiplied) {
  const float inf = std::numeric_limits<float>::infinity();
  const torch::Tensor x = torch::tensor({1.0f, 2.0f, inf, std::nanf(""), -inf}).reshape({1, 1, 5});
  const torch::Tensor lengths = torch::tensor({2});
  EXPECT_TRUE(torch::equal(zero_beyond_lengths(x, lengths), torch::tensor({1.0f, 2.0f, 0.0f, 0.0f, 0.0f}).reshape({1, 1, 5})));
  EXPECT_TRUE(torch::equal(fill_beyond_lengths(x, lengths, -1.0),
                           torch::tensor({1.0f, 2.0f, -1.0f, -1.0f, -1.0f}).reshape({1, 1, 5})));
  // No lengths: every position is valid and nothing changes.
  EXPECT_TRUE(zero_beyond_lengths(x, torch::Tensor()).is_same(x));
}

TEST(EmbedderOptions, UnknownOptionsAndWrongTypesAreRejected) {
  EXPECT_THAT(error_of([] { make_embedder("embedder: {name: conv1d_signal, patch: 80}", {1, 8000}); }),
              HasSubstr("unknown key 'patch' (did you mean 'patch_size'?)"));
  EXPECT_THAT(error_of([] { make_embedder("embedder: {name: conv1d_signal, patch_size: big}", {1, 8000}); }),
              HasSubstr("embedder.patch_size: expected an integer, got 'big'"));
}

}  // namespace
}  // namespace sigvit
