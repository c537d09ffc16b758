#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/profile/normalization_stats.h"
#include "data/profile/split_profile.h"

namespace sigvit {

// A channel whose per-case level or scale tells the classes apart strongly:
// at least half of its variation across cases lies between classes (eta^2 >=
// 0.5) and that is no accident (ANOVA p < 0.001). per_sample normalisation
// removes exactly these.
struct ClassInformation {
  int64_t channel = 0;
  bool in_level = false, in_scale = false;
};

std::vector<ClassInformation> level_and_scale_information(const SplitProfile& train);

// The warning `sigvit run` and `sigvit compare` print when `mode` discards
// what level_and_scale_information finds in the train split of `data_path`;
// nothing when it discards nothing that matters.
std::optional<std::string> normalization_warning(const SplitProfile& train, NormalizationMode mode,
                                                 const std::string& data_path);

// The same, profiling `train_split` of the open file only when `mode` could
// discard something (a pass over the split).
std::optional<std::string> check_normalization(const DatasetReader& reader, const std::string& train_split,
                                               NormalizationMode mode);

}  // namespace sigvit
