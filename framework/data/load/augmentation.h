#pragma once

#include <cstdint>
#include <vector>

#include "config/config_node.h"
#include "data/format/dataset_layout.h"
#include "data/load/batch.h"

namespace sigvit {

// Training-time augmentation (`data.augment`). Every option off by default.
struct AugmentOptions {
  // signal1d
  int64_t crop_length = 0;  // > 0: random crop (or zero pad) of each case to this many samples
  bool crop_center = false; // the crop's window is centred instead of random (evaluation)
  int64_t time_shift = 0;   // > 0: circular shift within the valid samples by up to ± this many
  // both kinds
  double noise_std = 0.0;                           // gaussian noise on valid samples
  std::vector<double> amplitude_scale{1.0, 1.0};    // [min, max] of a per-case factor
  double mixup_alpha = 0.0;                         // > 0: mixup with lambda ~ Beta(alpha, alpha)
  // image2d
  int64_t crop_padding = 0;      // > 0: zero pad by this much on every side, crop back at random
  bool horizontal_flip = false;  // flip W with probability 0.5

  bool any() const;
};

// Reads `data.augment`; unknown keys and values out of range are errors naming
// the file, line and key.
AugmentOptions parse_augment_options(const ConfigNode& node);

// Applies AugmentOptions to batches of one kind of data. Every random draw of a
// batch comes from one generator seeded with `seed`, which the loader derives
// from (seed, epoch, rank, batch index): the result does not depend on which
// thread runs it or when.
class Augmenter {
 public:
  // Throws sigvit::Error when an option does not apply to `kind` (e.g. a
  // time shift on images).
  Augmenter(AugmentOptions options, DatasetKind kind);

  const AugmentOptions& options() const { return options_; }
  void apply(Batch& batch, uint64_t seed) const;

 private:
  AugmentOptions options_;
  DatasetKind kind_;
};

}  // namespace sigvit
