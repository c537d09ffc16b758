// sigvit's BatchNorm computes what torch::nn::BatchNorm1d/2d compute.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "model/layers/batch_norm.h"

namespace sigvit {
namespace {

template <typename Reference>
void expect_same_as(Reference reference, const std::vector<int64_t>& shape) {
  torch::manual_seed(0);
  BatchNorm ours(shape[1]);
  {
    torch::NoGradGuard no_grad;
    reference->weight.uniform_(0.5, 1.5);
    reference->bias.uniform_(-0.5, 0.5);
    ours->weight.copy_(reference->weight);
    ours->bias.copy_(reference->bias);
  }
  for (int step = 0; step < 3; ++step) {
    const torch::Tensor x = torch::randn(shape) * 3 + 2;
    const torch::Tensor a = x.clone().requires_grad_(true), b = x.clone().requires_grad_(true);
    const torch::Tensor ya = ours->forward(a), yb = reference->forward(b);
    EXPECT_TRUE(torch::equal(ya, yb)) << "training forward, step " << step;
    (ya * ya).sum().backward();
    (yb * yb).sum().backward();
    EXPECT_TRUE(torch::equal(a.grad(), b.grad()));
    EXPECT_TRUE(torch::equal(ours->weight.grad(), reference->weight.grad()));
  }
  EXPECT_TRUE(torch::equal(ours->running_mean, reference->running_mean));
  EXPECT_TRUE(torch::equal(ours->running_var, reference->running_var));
  EXPECT_EQ(ours->num_batches_tracked.template item<int64_t>(), reference->num_batches_tracked.template item<int64_t>());
  ours->eval();
  reference->eval();
  const torch::Tensor x = torch::randn(shape);
  EXPECT_TRUE(torch::equal(ours->forward(x), reference->forward(x))) << "eval forward";
  // The same names, so checkpoints of either load into the other.
  std::vector<std::string> ours_names, reference_names;
  for (const auto& item : ours->named_parameters()) ours_names.push_back(item.key());
  for (const auto& item : ours->named_buffers()) ours_names.push_back(item.key());
  for (const auto& item : reference->named_parameters()) reference_names.push_back(item.key());
  for (const auto& item : reference->named_buffers()) reference_names.push_back(item.key());
  EXPECT_EQ(ours_names, reference_names);
}

TEST(BatchNorm, EqualsLibTorchsBatchNorm1dAnd2d) {
  expect_same_as(torch::nn::BatchNorm1d(6), {5, 6, 11});
  expect_same_as(torch::nn::BatchNorm2d(4), {3, 4, 5, 7});
}

// A stand-in for other ranks: each "rank" adds what a second copy of the
// same batch contributes, so the statistics are those of the batch itself.
class TwiceTheBatch : public RankSum {
 public:
  void sum(torch::Tensor& tensor) override { tensor.mul_(2); }
};

TEST(BatchNorm, SynchronisedStatisticsOfIdenticalRanksAreTheBatchsOwn) {
  torch::manual_seed(1);
  BatchNorm local(3), synchronised(3);
  const torch::Tensor x = torch::randn({4, 3, 9}) + 5;
  TwiceTheBatch twice;
  torch::Tensor expected = local->forward(x), got;
  {
    SynchronisedBatchNormScope scope(&twice);
    got = synchronised->forward(x);
  }
  EXPECT_TRUE(torch::allclose(got, expected, 1e-5, 1e-5));
  // The unbiased running variance counts the cases of both copies.
  const torch::Tensor biased = x.var(std::vector<int64_t>{0, 2}, /*unbiased=*/false, /*keepdim=*/false);
  const double n = 2 * 4 * 9;
  EXPECT_TRUE(torch::allclose(synchronised->running_var, 0.9 + 0.1 * biased * n / (n - 1), 1e-5, 1e-6));
}

}  // namespace
}  // namespace sigvit
