#include "data/load/epoch_sampler.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <string>

#include "data/load/seeded_random.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// Fisher-Yates over [first, last) with our own specified random source.
void shuffle_range(std::vector<int64_t>::iterator first, std::vector<int64_t>::iterator last,
                   SeededRandom& random) {
  for (auto count = last - first; count > 1; --count) {
    const auto pick = static_cast<std::ptrdiff_t>(random.below(static_cast<uint64_t>(count)));
    std::iter_swap(first + count - 1, first + pick);
  }
}

void require_positive(int64_t value, const char* name) {
  if (value <= 0) {
    throw Error("batch sampler: " + std::string(name) + " is " + std::to_string(value) + ", expected > 0");
  }
}

}  // namespace

EpochSampler::EpochSampler(const SamplerOptions& options) : options_(options) {
  if (options_.num_cases < 0) {
    throw Error("batch sampler: num_cases is " + std::to_string(options_.num_cases) + ", expected >= 0");
  }
  require_positive(options_.batch_size, "batch_size");
  require_positive(options_.block_cases, "block_cases");
  require_positive(options_.window_blocks, "window_blocks");
  require_positive(options_.world_size, "world_size");
  if (options_.rank < 0 || options_.rank >= options_.world_size) {
    throw Error("batch sampler: rank is " + std::to_string(options_.rank) + ", expected within [0, " +
                std::to_string(options_.world_size) + ")");
  }
  if (!options_.balance_labels.empty() && static_cast<int64_t>(options_.balance_labels.size()) != options_.num_cases) {
    throw Error("batch sampler: " + std::to_string(options_.balance_labels.size()) + " labels to balance for " +
                std::to_string(options_.num_cases) + " cases");
  }
}

int64_t EpochSampler::batches_per_epoch() const {
  const int64_t step = options_.batch_size * options_.world_size;
  if (options_.drop_last) return options_.num_cases / step;
  return (options_.num_cases + step - 1) / step;
}

namespace {

std::vector<int64_t> balanced_order(const std::vector<int64_t>& labels, uint64_t seed, int64_t epoch) {
  std::map<int64_t, std::vector<int64_t>> cases_of;
  for (size_t i = 0; i < labels.size(); ++i) cases_of[labels[i]].push_back(static_cast<int64_t>(i));
  std::vector<const std::vector<int64_t>*> classes;
  for (const auto& [label, cases] : cases_of) classes.push_back(&cases);
  SeededRandom random(mix_seed({seed, static_cast<uint64_t>(epoch), 0xba1a9ced}));
  std::vector<int64_t> order;
  order.reserve(labels.size());
  for (size_t draw = 0; draw < labels.size(); ++draw) {
    const std::vector<int64_t>& cases = *classes[random.below(classes.size())];
    order.push_back(cases[random.below(cases.size())]);
  }
  return order;
}

}  // namespace

std::vector<int64_t> EpochSampler::order(int64_t epoch) const {
  const int64_t n = options_.num_cases;
  if (!options_.balance_labels.empty()) return balanced_order(options_.balance_labels, options_.seed, epoch);
  std::vector<int64_t> cases(static_cast<size_t>(n));
  std::iota(cases.begin(), cases.end(), 0);
  if (!options_.shuffle || n == 0) return cases;

  SeededRandom random(mix_seed({options_.seed, static_cast<uint64_t>(epoch)}));
  const int64_t block = options_.block_cases;
  std::vector<int64_t> blocks(static_cast<size_t>((n + block - 1) / block));
  std::iota(blocks.begin(), blocks.end(), 0);
  shuffle_range(blocks.begin(), blocks.end(), random);

  std::vector<int64_t> shuffled;
  shuffled.reserve(cases.size());
  for (size_t first = 0; first < blocks.size(); first += static_cast<size_t>(options_.window_blocks)) {
    const size_t last = std::min(blocks.size(), first + static_cast<size_t>(options_.window_blocks));
    const auto window_begin = static_cast<std::ptrdiff_t>(shuffled.size());
    for (size_t b = first; b < last; ++b) {
      for (int64_t c = blocks[b] * block; c < std::min(n, (blocks[b] + 1) * block); ++c) shuffled.push_back(c);
    }
    shuffle_range(shuffled.begin() + window_begin, shuffled.end(), random);
  }
  return shuffled;
}

std::vector<std::vector<int64_t>> EpochSampler::batches(int64_t epoch) const {
  const std::vector<int64_t> all = order(epoch);
  const int64_t n = options_.num_cases;
  const int64_t ranks = options_.world_size;
  const int64_t step = options_.batch_size * ranks;
  std::vector<std::vector<int64_t>> result;
  for (int64_t s = 0; s < batches_per_epoch(); ++s) {
    const int64_t step_begin = s * step;
    const int64_t step_cases = std::min(step, n - step_begin);
    // A full step gives every rank batch_size cases; a final partial one is
    // shared out evenly.
    int64_t begin = step_begin + step_cases * options_.rank / ranks;
    int64_t end = step_begin + step_cases * (options_.rank + 1) / ranks;
    if (begin == end) {
      if (!options_.pad_shares) continue;
      begin = options_.rank % std::max<int64_t>(n, 1);
      end = begin + 1;
      result.push_back({all[static_cast<size_t>(begin)]});
      continue;
    }
    result.emplace_back(all.begin() + begin, all.begin() + end);
  }
  return result;
}

}  // namespace sigvit
