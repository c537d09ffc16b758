#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config_node.h"
#include "data/load/augmentation.h"
#include "data/load/normalization.h"

namespace sigvit {

// How a BatchLoader walks a split (datasets/README.md, "Loading").
struct LoaderOptions {
  int64_t batch_size = 32;
  bool shuffle = true;
  // data.sampler: balanced draws every class equally often (see
  // SamplerOptions::balance_labels); off: each case once per epoch.
  bool balanced = false;
  bool drop_last = false;
  // A split whose decoded values fit is loaded whole; a larger one is streamed.
  int64_t memory_budget_bytes = int64_t{512} << 20;
  // Batches prepared ahead by a background thread; 0 prepares each batch when
  // it is asked for.
  int64_t prefetch = 2;
  // The block shuffle of a streamed split (EpochSampler): decoded bytes per
  // block of consecutive cases (at least one case), and blocks per window.
  int64_t shuffle_block_bytes = int64_t{1} << 20;
  int64_t shuffle_window_blocks = 8;
  NormalizationMode normalization = NormalizationMode::none;
  AugmentOptions augment;
  // Set by the caller, not read from `data:`: the run's seed and this
  // process's place among data-parallel ranks.
  uint64_t seed = 0;
  int64_t rank = 0;
  int64_t world_size = 1;
  // See SamplerOptions::pad_shares; off for evaluation.
  bool pad_shares = true;

  // The same without shuffling, dropping, padded shares or augmentation,
  // except that a crop becomes a centred one: for val and test.
  LoaderOptions for_evaluation() const;
};

// The keys of `data:` read by parse_loader_options; `data:` holds other keys
// too (the data set's path, ...), so its owner checks the union.
const std::vector<std::string>& loader_option_keys();

// Reads the loader keys of `data:`. Values out of range are errors naming the
// file, line and key; unknown keys inside `augment` too.
LoaderOptions parse_loader_options(const ConfigNode& data);

}  // namespace sigvit
