#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace sigvit {

// Stochastic depth: in training, drops a residual branch for whole samples with
// probability `rate` and rescales the survivors; the identity in eval.
class DropPathImpl : public torch::nn::Module {
 public:
  explicit DropPathImpl(double rate);
  torch::Tensor forward(const torch::Tensor& x);
  double rate() const { return rate_; }

 private:
  double rate_;
};
TORCH_MODULE(DropPath);

}  // namespace sigvit
