#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

namespace sigvit {

// Fills `tensor` from a normal distribution truncated to [low, high] (absolute
// bounds, as the classic ViT reference uses), by inverting the normal CDF.
void trunc_normal_(torch::Tensor tensor, double std, double low = -2.0, double high = 2.0);

// The classic ViT initialisation for every layer below `module`: Linear
// weights trunc-normal (std 0.02) with zero biases, LayerNorm ones and zeros.
void init_vit_layers(torch::nn::Module& module);

}  // namespace sigvit
