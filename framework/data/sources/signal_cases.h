#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/format/dataset_content.h"

namespace sigvit {

// One multichannel series as a converter reads it: channels of equal length,
// a label still in the source's own words, and where it came from
// ("file:line" or a file name) for error messages.
struct SignalCase {
  std::vector<std::vector<float>> channels;
  std::string label;
  std::string origin;
  // The recording the case belongs to: cases of one group never straddle
  // splits a converter draws. Empty: the case is a recording of its own.
  std::string group;
  // A label per sample (a stream with a label column), for windows cut from
  // it; empty when `label` holds for the whole case.
  std::vector<std::string> sample_labels;

  int64_t length() const { return channels.empty() ? 0 : static_cast<int64_t>(channels[0].size()); }
};

// The longest case of all `splits`, the length to pad to when none is given.
int64_t longest_case(const std::vector<std::vector<SignalCase>>& splits);

// Packs cases into a float32 split [N, C, length]: zero-padded at the end or
// cropped from the start, with lengths recorded unless every case fills
// `length`. Labels become indices into `class_names`; throws sigvit::Error
// naming the case's origin for an unknown label or a differing channel count.
// With `group_ids`, cases' groups become ids, numbered in order of first
// appearance across every split packed with the same map.
SplitData pack_signals(const std::string& split_name, const std::vector<SignalCase>& cases,
                       const std::vector<std::string>& class_names, int64_t length,
                       std::map<std::string, int64_t>* group_ids = nullptr);

// The distinct labels of all `splits` in natural order ("2" before "10").
std::vector<std::string> sorted_labels(const std::vector<std::vector<SignalCase>>& splits);

}  // namespace sigvit
