#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>

namespace sigvit {

// Sums a tensor over every data-parallel rank, in place. The engine provides
// one while it trains with synchronised BatchNorm; the model layers only see
// this interface.
class RankSum {
 public:
  virtual ~RankSum() = default;
  virtual void sum(torch::Tensor& tensor) = 0;
};

// While alive, BatchNorm layers in training take their statistics over the
// batches of all ranks through `sum` (nullptr: each rank's own batch).
class SynchronisedBatchNormScope {
 public:
  explicit SynchronisedBatchNormScope(RankSum* sum);
  ~SynchronisedBatchNormScope();
  SynchronisedBatchNormScope(const SynchronisedBatchNormScope&) = delete;
  SynchronisedBatchNormScope& operator=(const SynchronisedBatchNormScope&) = delete;

  static RankSum* current();

 private:
  RankSum* previous_;
};

// BatchNorm over channel dimension 1 of [N, C, ...] inputs, with
// torch::nn::BatchNorm1d/2d's parameters, buffers, names and defaults
// (momentum 0.1, eps 1e-5) and exactly its results on one process. Inside
// a SynchronisedBatchNormScope, training batches are normalised with the
// mean and variance of the global batch (two sums over the ranks, whose
// gradients are summed back in backward), as PyTorch's SyncBatchNorm does.
class BatchNormImpl : public torch::nn::Module {
 public:
  explicit BatchNormImpl(int64_t channels);
  torch::Tensor forward(const torch::Tensor& input);

  torch::Tensor weight, bias, running_mean, running_var, num_batches_tracked;

 private:
  torch::Tensor forward_synchronised(const torch::Tensor& input, RankSum& sum);

  static constexpr double kMomentum = 0.1;
  static constexpr double kEps = 1e-5;
};
TORCH_MODULE(BatchNorm);

}  // namespace sigvit
