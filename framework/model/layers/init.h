#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

namespace sigvit {

// Fills `tensor` from a normal distribution truncated to [low, high] (absolute
// bounds, as the classic ViT reference uses), by inverting the normal CDF.
// Does nothing while a SkipRandomInit lives on this thread.
void trunc_normal_(torch::Tensor tensor, double std, double low = -2.0, double high = 2.0);

// While one lives, models built on this thread skip the classic ViT's random
// initialisation: for a model whose every weight is loaded right after it is
// built (from a checkpoint), where the inverse-CDF sampling is wasted work
// (about 2 s of ViT-B/16's start-up).
class SkipRandomInit {
 public:
  SkipRandomInit();
  ~SkipRandomInit();
  SkipRandomInit(const SkipRandomInit&) = delete;
  SkipRandomInit& operator=(const SkipRandomInit&) = delete;
};

// The classic ViT initialisation for every layer below `module`: Linear
// weights trunc-normal (std 0.02) with zero biases, LayerNorm ones and zeros.
void init_vit_layers(torch::nn::Module& module);

}  // namespace sigvit
