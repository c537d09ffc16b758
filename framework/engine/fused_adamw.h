#pragma once

#include <torch/optim/adamw.h>

namespace sigvit {

// LibTorch's AdamW, stepped in one pass over each parameter's elements.
//
// torch::optim::AdamW updates a parameter with about eight tensor operations,
// each a full pass over memory (and a temporary for the denominator); on a
// model of ViT-B/16's size that is gigabytes of traffic per step. This class
// keeps AdamW's options, per-parameter state and serialization, so
// checkpoints move freely between the two, and replaces only the arithmetic:
// decay, both moments and the update are done element by element, spread
// over the intra-op threads. With amsgrad, or when any parameter, gradient
// or state is not dense contiguous CPU float32, the whole step is AdamW's.
class FusedAdamW : public torch::optim::AdamW {
 public:
  using torch::optim::AdamW::AdamW;

  torch::Tensor step(LossClosure closure = nullptr) override;

 private:
  bool fusable() const;
};

}  // namespace sigvit
