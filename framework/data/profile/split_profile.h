#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/profile/one_way_anova.h"

namespace sigvit {

class DatasetReader;

// One channel of one split, over valid samples (padding beyond a signal's
// length is not data).
struct ChannelProfile {
  double mean = 0, std = 0, min = 0, max = 0;
  // How well each case's mean level, and each case's standard deviation
  // (its scale), of this channel tell the classes apart. per_sample
  // normalisation removes both.
  ClassSeparation level, scale;
};

struct SplitProfile {
  std::string name;
  int64_t cases = 0;
  std::vector<int64_t> class_counts;  // by class index
  // Valid samples per case (signals), or pixels per channel (images).
  int64_t min_length = 0, max_length = 0;
  double padded_fraction = 0;  // of the stored samples, those beyond a case's length
  std::vector<ChannelProfile> channels;
};

// Reads `split` in blocks of `block_cases` cases.
SplitProfile profile_split(const DatasetReader& reader, const std::string& split, int64_t block_cases = 1024);

}  // namespace sigvit
