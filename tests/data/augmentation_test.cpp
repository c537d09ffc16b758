#include "config/config_loader.h"
#include "data/load/augmentation.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using ::testing::HasSubstr;

// Signals [B, 1, L] holding 1, 2, ... on their valid samples, zeros after.
Batch numbered_signals(const std::vector<int64_t>& lengths, int64_t samples) {
  Batch batch;
  const auto cases = static_cast<int64_t>(lengths.size());
  batch.lengths = torch::tensor(lengths, torch::kInt64);
  const torch::Tensor positions = torch::arange(samples, torch::kFloat32).expand({cases, 1, samples});
  batch.x = (positions + 1) * (positions < batch.lengths.view({cases, 1, 1})).to(torch::kFloat32);
  batch.y = torch::arange(cases, torch::kInt64);
  return batch;
}

Batch numbered_images(int64_t cases) {
  Batch batch;
  batch.x = torch::arange(cases * 2 * 5 * 7, torch::kFloat32).reshape({cases, 2, 5, 7}) + 1;
  batch.y = torch::arange(cases, torch::kInt64);
  return batch;
}

Batch augmented(Batch batch, const AugmentOptions& options, DatasetKind kind, uint64_t seed) {
  Augmenter(options, kind).apply(batch, seed);
  return batch;
}

TEST(Augmentation, HorizontalFlipReversesWOfAboutHalfTheImages) {
  AugmentOptions options;
  options.horizontal_flip = true;
  const Batch original = numbered_images(64);
  const Batch flipped = augmented(original, options, DatasetKind::image2d, 1);
  int64_t reversed = 0;
  for (int64_t i = 0; i < 64; ++i) {
    const bool same = torch::equal(flipped.x[i], original.x[i]);
    const bool mirrored = torch::equal(flipped.x[i], original.x[i].flip({2}));
    EXPECT_TRUE(same || mirrored) << "case " << i;
    reversed += mirrored;
  }
  EXPECT_GT(reversed, 16);
  EXPECT_LT(reversed, 48);
}

TEST(Augmentation, CropWithPaddingKeepsTheShapeAndShiftsByAtMostThePadding) {
  AugmentOptions options;
  options.crop_padding = 2;
  const Batch original = numbered_images(16);
  const Batch cropped = augmented(original, options, DatasetKind::image2d, 3);
  ASSERT_EQ(cropped.x.sizes(), original.x.sizes());
  const torch::Tensor padded = torch::constant_pad_nd(original.x, {2, 2, 2, 2});
  int64_t moved = 0;
  for (int64_t i = 0; i < 16; ++i) {
    bool found = false;
    for (int64_t dy = 0; dy <= 4 && !found; ++dy) {
      for (int64_t dx = 0; dx <= 4 && !found; ++dx) {
        found = torch::equal(cropped.x[i], padded[i].narrow(1, dy, 5).narrow(2, dx, 7));
      }
    }
    EXPECT_TRUE(found) << "case " << i;
    moved += !torch::equal(cropped.x[i], original.x[i]);
  }
  EXPECT_GT(moved, 0);
}

TEST(Augmentation, NoiseHasTheRequestedStdAndLeavesPaddingZero) {
  AugmentOptions options;
  options.noise_std = 0.1;
  Batch batch;
  batch.x = torch::zeros({4, 1, 50000});
  batch.y = torch::zeros({4}, torch::kInt64);
  batch.lengths = torch::tensor({50000, 50000, 50000, 25000}, torch::kInt64);
  const Batch noisy = augmented(batch, options, DatasetKind::signal1d, 5);
  EXPECT_NEAR(noisy.x.narrow(0, 0, 3).std().item<double>(), 0.1, 0.002);
  EXPECT_TRUE(torch::equal(noisy.x[3].narrow(1, 25000, 25000), torch::zeros({1, 25000})));
  EXPECT_GT(noisy.x[3].narrow(1, 0, 25000).abs().sum().item<double>(), 0.0);
}

TEST(Augmentation, AmplitudeScaleMultipliesEachCaseByOneFactorInRange) {
  AugmentOptions options;
  options.amplitude_scale = {0.8, 1.2};
  const Batch original = numbered_signals({10, 10, 10, 10, 10, 10, 10, 10}, 10);
  const Batch scaled = augmented(original, options, DatasetKind::signal1d, 9);
  const torch::Tensor ratio = scaled.x / original.x;
  for (int64_t i = 0; i < 8; ++i) {
    const float factor = ratio[i][0][0].item<float>();
    EXPECT_GE(factor, 0.8f);
    EXPECT_LE(factor, 1.2f);
    EXPECT_TRUE(torch::allclose(ratio[i], torch::full({1, 10}, factor)));
  }
}

TEST(Augmentation, TimeShiftRotatesTheValidSamplesOnly) {
  AugmentOptions options;
  options.time_shift = 3;
  const Batch original = numbered_signals({8, 5, 8, 6, 8, 7, 8, 8}, 8);
  const Batch shifted = augmented(original, options, DatasetKind::signal1d, 2);
  int64_t moved = 0;
  for (int64_t i = 0; i < 8; ++i) {
    const int64_t length = original.lengths[i].item<int64_t>();
    const torch::Tensor valid = original.x[i].narrow(1, 0, length);
    bool found = false;
    for (int64_t shift = -3; shift <= 3 && !found; ++shift) {
      found = torch::equal(shifted.x[i].narrow(1, 0, length), torch::roll(valid, {shift}, {1}));
    }
    EXPECT_TRUE(found) << "case " << i;
    EXPECT_TRUE(torch::equal(shifted.x[i].narrow(1, length, 8 - length), torch::zeros({1, 8 - length})));
    moved += !torch::equal(shifted.x[i], original.x[i]);
  }
  EXPECT_GT(moved, 0);
}

TEST(Augmentation, CropLengthCutsLongSignalsPadsShortOnesAndUpdatesLengths) {
  AugmentOptions options;
  options.crop_length = 6;
  const Batch original = numbered_signals({10, 4, 9}, 10);
  const Batch cropped = augmented(original, options, DatasetKind::signal1d, 4);
  ASSERT_EQ(cropped.x.sizes(), (std::vector<int64_t>{3, 1, 6}));
  EXPECT_TRUE(torch::equal(cropped.lengths, torch::tensor({6, 4, 6}, torch::kInt64)));
  // A window of consecutive samples 1 + offset, ...; the short signal as it was, then zeros.
  for (int64_t i : {0, 2}) {
    const float first = cropped.x[i][0][0].item<float>();
    EXPECT_TRUE(torch::equal(cropped.x[i][0], torch::arange(6, torch::kFloat32) + first));
    EXPECT_LE(first + 5, original.lengths[i].item<int64_t>());
  }
  EXPECT_TRUE(torch::equal(cropped.x[1][0], torch::tensor({1.0f, 2.0f, 3.0f, 4.0f, 0.0f, 0.0f})));
}

TEST(Augmentation, MixupBlendsPairsWithLambdaInRangeAndConsistentTargets) {
  AugmentOptions options;
  options.mixup_alpha = 0.4;
  Batch batch;
  // Case i is the constant i, label i: a mixed value tells its partner.
  batch.x = torch::arange(8, torch::kFloat32).view({8, 1, 1}).expand({8, 1, 5}).contiguous();
  batch.y = torch::arange(8, torch::kInt64);
  const Batch mixed = augmented(batch, options, DatasetKind::signal1d, 6);
  ASSERT_TRUE(mixed.y_mix.defined());
  EXPECT_GE(mixed.mix_lambda, 0.0);
  EXPECT_LE(mixed.mix_lambda, 1.0);
  EXPECT_TRUE(torch::equal(std::get<0>(mixed.y_mix.sort()), torch::arange(8, torch::kInt64)));
  const torch::Tensor expected = (mixed.mix_lambda * batch.y.to(torch::kFloat64) +
                                  (1 - mixed.mix_lambda) * mixed.y_mix.to(torch::kFloat64))
                                     .to(torch::kFloat32);
  EXPECT_TRUE(torch::allclose(mixed.x.select(2, 4).flatten(), expected, 1e-5, 1e-5));
  EXPECT_EQ(augmented(batch, AugmentOptions(), DatasetKind::signal1d, 6).mix_lambda, 1.0);
}

TEST(Augmentation, TheSameSeedGivesTheSameResultAnotherSeedAnother) {
  AugmentOptions options;
  options.noise_std = 0.05;
  options.time_shift = 2;
  options.amplitude_scale = {0.9, 1.1};
  options.mixup_alpha = 0.2;
  const Batch original = numbered_signals({8, 5, 8, 6}, 8);
  const Batch a = augmented(original, options, DatasetKind::signal1d, 42);
  const Batch b = augmented(original, options, DatasetKind::signal1d, 42);
  const Batch c = augmented(original, options, DatasetKind::signal1d, 43);
  EXPECT_TRUE(torch::equal(a.x, b.x));
  EXPECT_TRUE(torch::equal(a.y_mix, b.y_mix));
  EXPECT_EQ(a.mix_lambda, b.mix_lambda);
  EXPECT_FALSE(torch::equal(a.x, c.x));
}

TEST(Augmentation, YamlKeysAreCheckedAndKindMismatchesRefused) {
  const LoadedConfig good =
      parse_config("augment: {noise_std: 0.01, time_shift: 400, amplitude_scale: [0.8, 1.2], mixup_alpha: 0.2}\n",
                   "exp.yaml");
  const AugmentOptions options = parse_augment_options(good.node().child("augment"));
  EXPECT_EQ(options.noise_std, 0.01);
  EXPECT_EQ(options.time_shift, 400);
  EXPECT_EQ(options.amplitude_scale, (std::vector<double>{0.8, 1.2}));
  EXPECT_EQ(options.mixup_alpha, 0.2);
  auto error_for = [](const std::string& text) {
    return error_of([&] { parse_augment_options(parse_config(text, "exp.yaml").node().child("augment")); });
  };
  EXPECT_THAT(error_for("augment: {noise_sdt: 0.1}\n"), HasSubstr("noise_sdt"));
  EXPECT_THAT(error_for("augment: {amplitude_scale: [1.2, 0.8]}\n"), HasSubstr("augment.amplitude_scale"));
  EXPECT_THAT(error_for("augment: {time_shift: -1}\n"), HasSubstr("exp.yaml:1"));
  AugmentOptions shift;
  shift.time_shift = 3;
  EXPECT_THAT(error_of([&] { Augmenter(shift, DatasetKind::image2d); }),
              HasSubstr("data.augment.time_shift does not apply to image2d data"));
}

}  // namespace
}  // namespace sigvit
