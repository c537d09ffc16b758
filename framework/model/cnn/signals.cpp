#include "model/cnn/signals.h"

#include <limits>

#include "model/layer_trace.h"
#include "model/sequence_mask.h"

namespace sigvit {

torch::Tensor fill_beyond_lengths(const torch::Tensor& values, const torch::Tensor& lengths, double fill) {
  auto beyond = valid_positions(lengths, values.size(-1)).logical_not().unsqueeze(1);
  return values.masked_fill(beyond, fill);
}

torch::Tensor masked(const torch::Tensor& values, const torch::Tensor& lengths) {
  return lengths.defined() ? fill_beyond_lengths(values, lengths, 0.0) : values;
}

Signals masked_max_pool(torch::nn::MaxPool1d& pool, const Signals& in) {
  if (!in.lengths.defined()) return {traced(pool, in.values), in.lengths};
  const auto& options = pool->options;
  auto pooled = traced(pool, fill_beyond_lengths(in.values, in.lengths, -std::numeric_limits<double>::infinity()));
  auto lengths = conv_output_lengths(in.lengths, (*options.kernel_size())[0], (*options.stride())[0],
                                     (*options.padding())[0]);
  return {fill_beyond_lengths(pooled, lengths, 0.0), lengths};
}

torch::Tensor masked_average(const Signals& in) {
  if (!in.lengths.defined()) return in.values.mean(-1);
  auto counts = in.lengths.clamp_min(1).to(in.values.scalar_type()).unsqueeze(1);
  return masked(in.values, in.lengths).sum(-1) / counts;
}

}  // namespace sigvit
