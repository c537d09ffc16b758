#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include "model/layers/encoder_options.h"

namespace sigvit {

// The block's feed-forward part: Linear -> GELU -> dropout -> Linear -> dropout.
class MlpImpl : public torch::nn::Module {
 public:
  explicit MlpImpl(const EncoderOptions& options);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Linear fc1_{nullptr};
  torch::nn::GELU act_{nullptr};
  torch::nn::Dropout drop1_{nullptr};
  torch::nn::Linear fc2_{nullptr};
  torch::nn::Dropout drop2_{nullptr};
};
TORCH_MODULE(Mlp);

}  // namespace sigvit
