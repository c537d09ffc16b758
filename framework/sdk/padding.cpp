#include "sigvit/padding.h"

#include "sigvit/error.h"
#include "sigvit/shape_text.h"

namespace sigvit {

torch::Tensor valid_positions(const torch::Tensor& lengths, int64_t size) {
  auto positions = torch::arange(size, lengths.options());
  return positions.unsqueeze(0) < lengths.unsqueeze(1);
}

torch::Tensor fill_beyond_lengths(const torch::Tensor& values, const torch::Tensor& lengths, double fill) {
  if (!lengths.defined()) return values;
  const torch::Tensor padding = valid_positions(lengths, values.size(-1)).logical_not().unsqueeze(1);
  return values.masked_fill(padding, fill);
}

torch::Tensor zero_beyond_lengths(const torch::Tensor& values, const torch::Tensor& lengths) {
  return fill_beyond_lengths(values, lengths, 0.0);
}

torch::Tensor conv_output_lengths(const torch::Tensor& lengths, int64_t kernel, int64_t stride, int64_t padding) {
  return torch::div(lengths + 2 * padding - kernel, stride, "floor") + 1;
}

void check_lengths(const torch::Tensor& lengths, const torch::Tensor& x, const std::string& who) {
  if (lengths.dim() != 1 || lengths.size(0) != x.size(0) || lengths.is_floating_point()) {
    throw Error(who + ": lengths must be an integer tensor [B] with B = " + std::to_string(x.size(0)) + ", got " +
                shape_to_string(lengths.sizes().vec()));
  }
  if (lengths.numel() == 0) return;
  const int64_t shortest = lengths.min().item<int64_t>();
  const int64_t longest = lengths.max().item<int64_t>();
  if (shortest < 1 || longest > x.size(-1)) {
    throw Error(who + ": lengths must lie in [1, " + std::to_string(x.size(-1)) + "], got values from " +
                std::to_string(shortest) + " to " + std::to_string(longest));
  }
}

}  // namespace sigvit
