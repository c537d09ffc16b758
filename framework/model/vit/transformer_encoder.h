#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <vector>

#include "model/layers/encoder_options.h"
#include "model/vit/encoder_block.h"

namespace sigvit {

// The shared encoder: a stack of pre-norm blocks and a final LayerNorm. It sees
// only tokens and which of them are valid, never where they came from.
class TransformerEncoderImpl : public torch::nn::Module {
 public:
  explicit TransformerEncoderImpl(const EncoderOptions& options);

  // tokens: [B, N, D]. valid: [B, N] bool (false = padding, never attended to),
  // or undefined when every token is valid.
  torch::Tensor forward(const torch::Tensor& tokens, const torch::Tensor& valid = {});

  const EncoderOptions& options() const { return options_; }

 private:
  EncoderOptions options_;
  torch::nn::ModuleList blocks_{nullptr};  // owns the blocks and names them blocks.<i>
  std::vector<EncoderBlock> block_list_;    // the same blocks, typed
  torch::nn::LayerNorm norm_{nullptr};
};
TORCH_MODULE(TransformerEncoder);

}  // namespace sigvit
