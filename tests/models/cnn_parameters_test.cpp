// Parameter counts written out from the published architectures, and the
// shapes of what each model returns.

#include <torch/torch.h>

#include "model_test_support.h"

namespace sigvit::model_testing {
namespace {

TEST(CnnParameters, FcnMatchesWangEtAl) {
  auto model = preset("fcn_ucr");  // [1, 150], 2 classes
  const int64_t expected = conv(1, 128, 8, true) + batch_norm(128)      // 1*128*8+128 + 2*128
                           + conv(128, 256, 5, true) + batch_norm(256)  // 128*256*5+256 + 2*256
                           + conv(256, 128, 3, true) + batch_norm(128)  // 256*128*3+128 + 2*128
                           + linear(128, 2);                            // 128*2+2
  EXPECT_EQ(expected, 264962);
  EXPECT_EQ(parameter_count(*model), expected);
}

TEST(CnnParameters, Resnet1dMatchesWangEtAl) {
  auto model = preset("resnet1d_ucr");
  // Kernels 8, 5, 3 with biases, each conv followed by BN; a 1x1 projection
  // (with bias) + BN shortcut when the width changes, BN alone otherwise.
  auto block = [](int64_t in, int64_t out) {
    const int64_t convs = conv(in, out, 8, true) + conv(out, out, 5, true) + conv(out, out, 3, true) + 3 * batch_norm(out);
    const int64_t shortcut = (in != out ? conv(in, out, 1, true) : 0) + batch_norm(out);
    return convs + shortcut;
  };
  const int64_t expected = block(1, 64) + block(64, 128) + block(128, 128) + linear(128, 2);
  EXPECT_EQ(expected, 504258);
  EXPECT_EQ(parameter_count(*model), expected);
}

TEST(CnnParameters, InceptionTimeMatchesIsmailFawazEtAl) {
  auto model = preset("inception_time_ucr");
  // Bias-free convolutions. A module: bottleneck 1x1 to 32 (not for one input
  // channel), kernels 40, 20, 10 to 32 each, maxpool + 1x1 to 32, BN of 128.
  auto module = [](int64_t in) {
    const int64_t branch_in = in > 1 ? 32 : in;
    return (in > 1 ? conv(in, 32, 1, false) : 0) + conv(branch_in, 32, 40, false) + conv(branch_in, 32, 20, false) +
           conv(branch_in, 32, 10, false) + conv(in, 32, 1, false) + batch_norm(128);
  };
  const int64_t shortcuts = conv(1, 128, 1, false) + batch_norm(128) + conv(128, 128, 1, false) + batch_norm(128);
  const int64_t expected = module(1) + 5 * module(128) + shortcuts + linear(128, 2);
  EXPECT_EQ(expected, 420450);
  EXPECT_EQ(parameter_count(*model), expected);
}

TEST(CnnParameters, M5AtHalfThePublishedWidthHasAbout140kParameters) {
  auto model = preset("m5_8000");  // [1, 8000], 10 classes, channels [64, 64, 128, 256]
  const int64_t expected = conv(1, 64, 80, true) + batch_norm(64) + conv(64, 64, 3, true) + batch_norm(64) +
                           conv(64, 128, 3, true) + batch_norm(128) + conv(128, 256, 3, true) + batch_norm(256) +
                           linear(256, 10);
  EXPECT_EQ(expected, 144394);
  EXPECT_EQ(parameter_count(*model), expected);
}

TEST(CnnParameters, Resnet2dIsAPreActivationResnet) {
  auto model = preset("resnet2d_28");  // [1, 28, 28], 10 classes, widths [32, 64, 128], 2 blocks each
  // Bias-free 3x3 convolutions; a block: BN(in), conv(in, out), BN(out),
  // conv(out, out), and a 1x1 projection when the shape changes.
  auto block = [](int64_t in, int64_t out) {
    return batch_norm(in) + conv(in, out, 9, false) + batch_norm(out) + conv(out, out, 9, false) +
           (in != out ? conv(in, out, 1, false) : 0);
  };
  const int64_t expected = conv(1, 32, 9, false) + block(32, 32) + block(32, 32) + block(32, 64) + block(64, 64) +
                           block(64, 128) + block(128, 128) + batch_norm(128) + linear(128, 10);
  EXPECT_EQ(expected, 695658);
  EXPECT_EQ(parameter_count(*model), expected);
}

TEST(CnnParameters, ChannelsFollowTheInputShape) {
  auto model = preset("fcn_ucr", {"model.input_shape=[3, 150]"});
  EXPECT_EQ(parameter_count(*model), 264962 + 2 * 128 * 8);
}

struct ShapeCase {
  std::string preset;
  std::vector<int64_t> batch;
  int64_t classes;
  int64_t features;
};

void PrintTo(const ShapeCase& c, std::ostream* out) { *out << c.preset; }

class CnnOutput : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(CnnOutput, HasLogitsPerClassAndPooledFeatures) {
  const ShapeCase& c = GetParam();
  auto model = preset(c.preset);
  model->eval();
  torch::NoGradGuard no_grad;
  ModelOutput out = model->forward({torch::randn(c.batch), {}});
  EXPECT_EQ(out.logits.sizes(), (std::vector<int64_t>{c.batch[0], c.classes}));
  EXPECT_EQ(out.features.sizes(), (std::vector<int64_t>{c.batch[0], c.features}));
  EXPECT_FALSE(out.distill_logits.defined());
  EXPECT_EQ(model->num_classes(), c.classes);
  EXPECT_EQ(model->input_shape(), std::vector<int64_t>(c.batch.begin() + 1, c.batch.end()));
}

INSTANTIATE_TEST_SUITE_P(Presets, CnnOutput,
                         ::testing::Values(ShapeCase{"fcn_ucr", {3, 1, 150}, 2, 128},
                                           ShapeCase{"resnet1d_ucr", {3, 1, 150}, 2, 128},
                                           ShapeCase{"inception_time_ucr", {3, 1, 150}, 2, 128},
                                           ShapeCase{"m5_8000", {2, 1, 8000}, 10, 256},
                                           ShapeCase{"resnet2d_28", {3, 1, 28, 28}, 10, 128}),
                         [](const auto& info) { return info.param.preset; });

TEST(CnnOutput, TheConvolutionalModelsTakeOtherLengthsAndSizes) {
  torch::NoGradGuard no_grad;
  auto fcn = preset("fcn_ucr");
  fcn->eval();
  EXPECT_EQ(fcn->forward({torch::randn({2, 1, 333}), {}}).logits.sizes(), (std::vector<int64_t>{2, 2}));
  auto resnet = preset("resnet2d_28");
  resnet->eval();
  EXPECT_EQ(resnet->forward({torch::randn({2, 1, 32, 20}), {}}).logits.sizes(), (std::vector<int64_t>{2, 10}));
}

TEST(CnnOutput, NoClassesBuildsAFeatureExtractor) {
  auto model = preset("resnet1d_ucr", {"model.num_classes=0"});
  EXPECT_EQ(parameter_count(*model), 504258 - linear(128, 2));
  model->eval();
  torch::NoGradGuard no_grad;
  ModelOutput out = model->forward({torch::randn({2, 1, 150}), {}});
  EXPECT_FALSE(out.logits.defined());
  EXPECT_EQ(out.features.sizes(), (std::vector<int64_t>{2, 128}));
}

TEST(CnnOutput, ABatchOfTheWrongChannelsOrRankIsAClearError) {
  auto model = preset("fcn_ucr");
  EXPECT_THAT(error_of([&] { model->forward({torch::randn({2, 3, 150}), {}}); }),
              ::testing::HasSubstr("fcn: expected a batch [B, 1, L], got [2, 3, 150]"));
  auto resnet = preset("resnet2d_28");
  EXPECT_THAT(error_of([&] { resnet->forward({torch::randn({2, 1, 28}), {}}); }),
              ::testing::HasSubstr("resnet2d: expected a batch [B, 1, H, W], got [2, 1, 28]"));
  EXPECT_THAT(error_of([&] { resnet->forward({torch::randn({2, 1, 28, 28}), torch::tensor({28, 28})}); }),
              ::testing::HasSubstr("resnet2d: lengths apply to signals only"));
}

}  // namespace
}  // namespace sigvit::model_testing
