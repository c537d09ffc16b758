// A padded signal gives the logits of the same signal unpadded, whatever the
// padding holds (NaN and inf included), for every 1D model (in eval; in training BatchNorm statistics
// see the padding's zeros).

#include <torch/torch.h>

#include "../padding_support.h"
#include "model_test_support.h"

namespace sigvit::model_testing {
namespace {

using ::testing::HasSubstr;

torch::Tensor logits(Classifier& model, const torch::Tensor& x, const torch::Tensor& lengths = {}) {
  torch::NoGradGuard no_grad;
  return model.forward(ModelInput{x, lengths}).logits;
}

struct PaddingCase {
  std::string name;
  std::string model;  // the `model:` keys beyond input_shape and num_classes
  int64_t shortest;   // the shortest signal the model takes
};

void PrintTo(const PaddingCase& c, std::ostream* out) { *out << c.name; }

class CnnPadding : public ::testing::TestWithParam<PaddingCase> {};

TEST_P(CnnPadding, ChangesNoLogit) {
  torch::manual_seed(5);
  const PaddingCase& c = GetParam();
  auto model = model_from_yaml("model:\n  input_shape: [2, 120]\n  num_classes: 3\n" + c.model);
  randomize_batch_norms(*model);
  model->eval();

  const std::vector<int64_t> lengths{120, 97, 61, c.shortest};
  auto padded = torch::randn({4, 2, 120});
  auto other_garbage = padded.clone();
  for (size_t i = 0; i < lengths.size(); ++i) {
    padded[i].narrow(1, lengths[i], 120 - lengths[i]).normal_(0, 100);
    other_garbage[i].narrow(1, lengths[i], 120 - lengths[i]).uniform_(-1000, 1000);
  }
  auto length_tensor = torch::tensor(lengths);
  auto batched = logits(*model, padded, length_tensor);
  EXPECT_TRUE(torch::allclose(batched, logits(*model, other_garbage, length_tensor), 1e-5, 1e-5));
  EXPECT_TRUE(torch::allclose(
      batched, logits(*model, sigvit::testing::with_non_finite_padding(padded, lengths), length_tensor), 1e-5, 1e-5));
  for (size_t i = 0; i < lengths.size(); ++i) {
    auto alone = logits(*model, padded[i].narrow(1, 0, lengths[i]).unsqueeze(0));
    EXPECT_TRUE(torch::allclose(batched[i], alone[0], 1e-5, 1e-5))
        << "sample " << i << " of length " << lengths[i] << ": " << batched[i] << " vs " << alone[0];
  }
  // Without lengths the padding is signal: the masking really is what holds the logits.
  EXPECT_FALSE(torch::allclose(batched, logits(*model, padded), 1e-3, 1e-3));
}

INSTANTIATE_TEST_SUITE_P(
    SignalModels, CnnPadding,
    ::testing::Values(
        PaddingCase{"fcn", "  type: fcn\n  channels: [8, 16, 8]\n", 1},
        PaddingCase{"resnet1d", "  type: resnet1d\n  channels: [8, 16, 16]\n", 1},
        PaddingCase{"inception_time",
                    "  type: inception_time\n  depth: 6\n  filters: 4\n  bottleneck: 4\n  kernel_sizes: [9, 6, 3]\n", 1},
        // Minimum length (2^4 - 1) * 2 + 8 = 38.
        PaddingCase{"m5", "  type: m5\n  channels: [8, 8, 16, 16]\n  first_kernel: 8\n  first_stride: 2\n  pool_size: 2\n",
                    38}),
    [](const auto& info) { return info.param.name; });

TEST(CnnPadding, M5NamesTheShortestSignalItTakes) {
  auto model = model_from_yaml(
      "model:\n  type: m5\n  input_shape: [1, 100]\n  num_classes: 2\n  channels: [4, 4, 4, 4]\n"
      "  first_kernel: 8\n  first_stride: 2\n  pool_size: 2\n");
  model->eval();
  EXPECT_THAT(error_of([&] { logits(*model, torch::randn({2, 1, 100}), torch::tensor({100, 37})); }),
              HasSubstr("m5: signals need at least 38 samples, got one of 37"));
  EXPECT_THAT(error_of([&] { logits(*model, torch::randn({1, 1, 20})); }),
              HasSubstr("m5: signals need at least 38 samples, got one of 20"));
}

TEST(CnnPadding, LengthsOutsideTheSignalAreAnError) {
  auto model = model_from_yaml("model:\n  type: fcn\n  input_shape: [1, 50]\n  num_classes: 2\n");
  EXPECT_THAT(error_of([&] { logits(*model, torch::randn({2, 1, 50}), torch::tensor({50, 51})); }),
              HasSubstr("fcn: lengths must lie in [1, 50]"));
}

}  // namespace
}  // namespace sigvit::model_testing
