#pragma once

#include <torch/types.h>

namespace sigvit {

// One batch as the trainer and evaluator consume it.
struct Batch {
  torch::Tensor x;        // float32 [B, C, L] or [B, C, H, W]
  torch::Tensor y;        // int64 [B]
  // int64 [B] valid samples per signal; undefined for images and for signals
  // that all fill L (no /SPLIT/length and no crop that pads).
  torch::Tensor lengths;
  // Mixup: x is mix_lambda * x_i + (1 - mix_lambda) * x_j, where y_mix holds
  // the labels of the partners j. The loss is
  //   mix_lambda * CE(logits, y) + (1 - mix_lambda) * CE(logits, y_mix).
  // Without mixup y_mix is undefined and mix_lambda is 1.
  torch::Tensor y_mix;
  double mix_lambda = 1.0;
};

}  // namespace sigvit
