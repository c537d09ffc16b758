#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/config_node.h"

namespace sigvit {

class DatasetReader;

enum class NormalizationMode { none, per_sample, per_channel };

std::string to_string(NormalizationMode mode);
// Throws sigvit::Error naming `where` when `text` is no mode.
NormalizationMode parse_normalization_mode(const std::string& text, const std::string& where);

// Mean and standard deviation per channel, computed on the train split, so a
// checkpoint can carry them and evaluation normalises exactly as training did.
struct NormalizationStats {
  std::vector<double> mean;
  std::vector<double> std;

  // {mean: [...], std: [...]}
  YAML::Node to_yaml() const;
  // Errors name the node's file, line and key.
  static NormalizationStats from_yaml(const ConfigNode& node);
};

// Streams over `split` (only the `cases` listed, when any are) in reads of
// about `block_cases` cases and accumulates,
// per channel, the valid samples only (padding beyond a signal's length is not
// data). A channel that is constant gets std 1, so normalising it gives zeros
// rather than a division by zero.
NormalizationStats compute_channel_stats(const DatasetReader& reader, const std::string& split,
                                         int64_t block_cases, const std::vector<int64_t>& cases = {});

// Below this a standard deviation is taken as zero.
inline constexpr double kMinNormalizationStd = 1e-5;

}  // namespace sigvit
