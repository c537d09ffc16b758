#pragma once

#include <ATen/core/Generator.h>
#include <c10/util/Optional.h>
#include <torch/types.h>

#include <cstdint>

namespace sigvit {

enum class MaskShape { random, spans };

struct MaskingOptions {
  double ratio = 0.4;                   // of each sample's valid tokens
  MaskShape shape = MaskShape::random;  // spans: runs of `span` neighbouring tokens (signals)
  int64_t span = 4;
};

// Which tokens to hide, [B, N] bool (true: masked), drawn from `generator`
// (the global one when unset), so a seed gives the same masks. Only valid
// tokens are masked (`valid` [B, N] bool; undefined: all): random masking
// hides round(ratio * valid) of them, at least one and never all of a sample
// with two or more; span masking hides whole runs of `span` tokens, laid on
// a grid with a random offset per sample, until at least as many are hidden
// (at most span - 1 more).
torch::Tensor sample_token_mask(const MaskingOptions& options, int64_t batch, int64_t tokens,
                                const torch::Tensor& valid, c10::optional<at::Generator> generator = c10::nullopt);

}  // namespace sigvit
