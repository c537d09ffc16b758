#include <torch/torch.h>

#include <string>

#include "results/training_state.h"
#include "error_of.h"
#include "model/layers/dense.h"
#include "runtime/gemm_backend.h"
#include "runtime/onednn_matmul.h"
#include "test_support.h"

namespace sigvit {
namespace {

using testing::error_of;

// Sets the process's GEMM policy for one test and leaves no choices behind.
class GemmPolicy {
 public:
  explicit GemmPolicy(GemmBackend policy) : previous_(GemmPlan::process().policy()) {
    GemmPlan::process().forget_choices();
    GemmPlan::process().set_policy(policy);
  }
  ~GemmPolicy() {
    GemmPlan::process().set_policy(previous_);
    GemmPlan::process().forget_choices();
  }

 private:
  GemmBackend previous_;
};

struct Gradients {
  torch::Tensor output, input, weight, bias;
};

Gradients run_dense(GemmBackend backend, const torch::Tensor& x, const torch::Tensor& weight,
                    const torch::Tensor& bias) {
  GemmPolicy policy(backend);
  torch::Tensor input = x.clone().requires_grad_(true);
  torch::Tensor w = weight.clone().requires_grad_(true);
  torch::Tensor b = bias.defined() ? bias.clone().requires_grad_(true) : torch::Tensor();
  torch::Tensor output = dense(input, w, b);
  // A weighting that is not uniform, so that every gradient row differs.
  (output * torch::linspace(-1, 2, output.numel()).view(output.sizes())).sum().backward();
  return {output.detach(), input.grad(), w.grad(), b.defined() ? b.grad() : torch::Tensor()};
}

struct Shape {
  std::vector<int64_t> input;  // [..., in]
  int64_t out;
  bool bias;
};

class DenseBackends : public ::testing::TestWithParam<Shape> {};

TEST_P(DenseBackends, OneDnnAndBlasAgreeForwardAndBackward) {
  const Shape shape = GetParam();
  torch::manual_seed(3);
  const torch::Tensor x = torch::randn(shape.input);
  const torch::Tensor weight = torch::randn({shape.out, shape.input.back()});
  const torch::Tensor bias = shape.bias ? torch::randn({shape.out}) : torch::Tensor();
  const Gradients blas = run_dense(GemmBackend::blas, x, weight, bias);
  const Gradients onednn = run_dense(GemmBackend::onednn, x, weight, bias);
  EXPECT_EQ(onednn.output.sizes(), blas.output.sizes());
  EXPECT_TRUE(torch::allclose(onednn.output, blas.output, 1e-4, 1e-4));
  EXPECT_TRUE(torch::allclose(onednn.input, blas.input, 1e-4, 1e-4));
  EXPECT_TRUE(torch::allclose(onednn.weight, blas.weight, 1e-4, 1e-4));
  if (shape.bias) EXPECT_TRUE(torch::allclose(onednn.bias, blas.bias, 1e-4, 1e-4));
  // And both agree with LibTorch's own linear.
  EXPECT_TRUE(torch::allclose(blas.output, torch::nn::functional::linear(x, weight, bias), 1e-4, 1e-4));
}

INSTANTIATE_TEST_SUITE_P(OddShapes, DenseBackends,
                         ::testing::Values(Shape{{1, 17}, 5, true},          // one row
                                           Shape{{101, 67}, 33, true},       // batch-1 tokens, K not a multiple of 16
                                           Shape{{3, 101, 24}, 72, false},   // a batch of token rows, no bias
                                           Shape{{2, 1, 3}, 1, true},        // one output feature
                                           Shape{{6, 101, 37}, 45, true}));  // many rows beside a small weight

// Primitives are kept per shape and layout; a weight changed in place between
// two calls of the same shape (an optimizer step) must still be read afresh.
TEST(OneDnnMatmul, AWeightChangedInPlaceIsReadAfresh) {
  torch::manual_seed(4);
  const torch::Tensor a = torch::randn({700, 48});
  torch::Tensor weight = torch::randn({40, 48});
  const torch::Tensor bias = torch::randn({40});
  const auto product = [&] {
    torch::Tensor output = torch::empty({700, 40});
    onednn_matmul(view_of(a), view_of(weight.t()), bias.data_ptr<float>(), output.data_ptr<float>());
    return output;
  };
  for (int step = 0; step < 2; ++step) {
    EXPECT_TRUE(torch::allclose(product(), torch::addmm(bias, a, weight.t()), 1e-4, 1e-4)) << "step " << step;
    weight.mul_(-0.5).add_(1.0);
  }
}

TEST(DenseBackends, AnInputThatNeedsNoGradientGetsNone) {
  GemmPolicy policy(GemmBackend::onednn);
  torch::Tensor weight = torch::randn({4, 6}).requires_grad_(true);
  dense(torch::randn({5, 6}), weight, torch::Tensor()).sum().backward();
  EXPECT_EQ(weight.grad().sizes(), weight.sizes());
}

TEST(DenseBackends, BlasPolicyLeavesLinearToLibTorch) {
  GemmPolicy policy(GemmBackend::blas);
  torch::Tensor x = torch::randn({3, 4}, torch::requires_grad());
  torch::Tensor y = dense(x, torch::randn({2, 4}), torch::randn({2}));
  // LibTorch's own linear records its own node; oneDNN's path records DenseFunction.
  EXPECT_EQ(y.grad_fn()->name().find("DenseFunction"), std::string::npos);
  GemmPolicy onednn(GemmBackend::onednn);
  torch::Tensor z = dense(x, torch::randn({2, 4}), torch::randn({2}));
  EXPECT_NE(z.grad_fn()->name().find("DenseFunction"), std::string::npos);
}

TEST(GemmPlan, AutoTimesEachShapeOnceAndKeepsItsChoice) {
  GemmPolicy policy(GemmBackend::automatic);
  int runs = 0;
  const auto count = [&](GemmBackend) { ++runs; };
  const GemmShape shape{101, 192, 576, false, true};
  const GemmBackend first = GemmPlan::process().backend_for(shape, count);
  EXPECT_GT(runs, 2);  // both backends, more than once each
  const int after_first = runs;
  EXPECT_EQ(GemmPlan::process().backend_for(shape, count), first);
  EXPECT_EQ(runs, after_first);
  // The same sizes read transposed are another shape, timed anew.
  GemmPlan::process().backend_for(GemmShape{101, 192, 576, true, true}, count);
  EXPECT_GT(runs, after_first);
  EXPECT_EQ(GemmPlan::process().choices().size(), 2u);
  EXPECT_EQ(GemmPlan::process().choices().at("101x192x576.nt"), to_string(first));
}

TEST(GemmPlan, AutoRecordsTheThreeProductsOfALinearLayer) {
  GemmPolicy policy(GemmBackend::automatic);
  torch::Tensor x = torch::randn({7, 10}, torch::requires_grad());
  torch::Tensor weight = torch::randn({3, 10}, torch::requires_grad());
  dense(x, weight, torch::Tensor()).sum().backward();
  const auto choices = GemmPlan::process().choices();
  // forward x W^T, input gradient dY W, weight gradient dY^T X
  EXPECT_EQ(choices.size(), 3u);
  EXPECT_EQ(choices.count("7x10x3.nt"), 1u);
  EXPECT_EQ(choices.count("7x3x10.nn"), 1u);
  EXPECT_EQ(choices.count("3x7x10.tn"), 1u);
}

TEST(GemmPlan, AdoptedChoicesAreUsedWithoutTiming) {
  GemmPolicy policy(GemmBackend::automatic);
  GemmPlan::process().adopt({{"8x8x8.nn", "onednn"}});
  int runs = 0;
  EXPECT_EQ(GemmPlan::process().backend_for(GemmShape{8, 8, 8}, [&](GemmBackend) { ++runs; }), GemmBackend::onednn);
  EXPECT_EQ(runs, 0);
  EXPECT_THAT(error_of([] { GemmPlan::process().adopt({{"8x8x8.nn", "cublas"}}); }),
              ::testing::HasSubstr("expected blas or onednn, got 'cublas'"));
}

TEST(GemmPlan, AFixedPolicyNeverTimes) {
  GemmPolicy policy(GemmBackend::onednn);
  int runs = 0;
  EXPECT_EQ(GemmPlan::process().backend_for(GemmShape{4, 4, 4}, [&](GemmBackend) { ++runs; }), GemmBackend::onednn);
  EXPECT_EQ(runs, 0);
  EXPECT_TRUE(GemmPlan::process().choices().empty());
}

TEST(GemmPlan, PolicyNamesAreCheckedWithTheKey) {
  EXPECT_EQ(parse_gemm_backend("auto", "runtime.gemm"), GemmBackend::automatic);
  EXPECT_EQ(parse_gemm_backend("onednn", "runtime.gemm"), GemmBackend::onednn);
  EXPECT_THAT(error_of([] { parse_gemm_backend("mkl", "runtime.gemm"); }),
              ::testing::HasSubstr("runtime.gemm: expected auto, blas or onednn, got 'mkl'"));
}

TEST(GemmPlan, ChoicesTravelInTheTrainingState) {
  TrainingState state;
  state.gemm_choices = {{"101x192x576.nt", "onednn"}, {"576x101x192.tn", "blas"}};
  const TrainingState read = TrainingState::from_yaml(state.to_yaml(), "test");
  EXPECT_EQ(read.gemm_choices, state.gemm_choices);
  TrainingState without;
  EXPECT_TRUE(TrainingState::from_yaml(without.to_yaml(), "test").gemm_choices.empty());
}

}  // namespace
}  // namespace sigvit
