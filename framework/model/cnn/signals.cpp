#include "model/cnn/signals.h"

#include <limits>

#include "sigvit/layer_trace.h"
#include "sigvit/padding.h"

namespace sigvit {

Signals masked_max_pool(torch::nn::MaxPool1d& pool, const Signals& in) {
  if (!in.lengths.defined()) return {traced(pool, in.values), in.lengths};
  const auto& options = pool->options;
  auto pooled = traced(pool, fill_beyond_lengths(in.values, in.lengths, -std::numeric_limits<double>::infinity()));
  auto lengths = conv_output_lengths(in.lengths, (*options.kernel_size())[0], (*options.stride())[0],
                                     (*options.padding())[0]);
  return {zero_beyond_lengths(pooled, lengths), lengths};
}

torch::Tensor masked_average(const Signals& in) {
  if (!in.lengths.defined()) return in.values.mean(-1);
  auto counts = in.lengths.clamp_min(1).to(in.values.scalar_type()).unsqueeze(1);
  return zero_beyond_lengths(in.values, in.lengths).sum(-1) / counts;
}

}  // namespace sigvit
