#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace sigvit::testing {

// x [B, C, L] with every position at or beyond lengths[b] holding NaN, +inf
// and -inf in turn: padding that a product with a mask would let through
// (0 * inf is NaN), so only the masked fill of sigvit/padding.h keeps it out.
inline torch::Tensor with_non_finite_padding(const torch::Tensor& x, const std::vector<int64_t>& lengths) {
  const int64_t length = x.size(-1);
  const double fills[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity()};
  torch::Tensor pattern = torch::empty({length}, x.options());
  for (int64_t t = 0; t < length; ++t) pattern[t] = fills[t % 3];
  torch::Tensor padded = x.clone();
  for (size_t b = 0; b < lengths.size(); ++b) {
    const int64_t valid = lengths[b];
    torch::Tensor tail = padded[static_cast<int64_t>(b)].narrow(-1, valid, length - valid);
    tail.copy_(pattern.narrow(0, valid, length - valid).expand_as(tail));
  }
  return padded;
}

}  // namespace sigvit::testing
