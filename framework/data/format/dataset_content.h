#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/format/dataset_layout.h"

namespace sigvit {

// One split held in memory, ready to be written: the cases of x row-major,
// [N, C, L] or [N, C, H, W], in the vector that matches encoding.type (the
// other two stay empty).
struct SplitData {
  std::string name;
  std::vector<int64_t> case_shape;
  ValueEncoding encoding;
  std::vector<float> float32_values;
  std::vector<int16_t> int16_values;
  std::vector<uint8_t> uint8_values;
  std::vector<int64_t> labels;
  // Valid samples per case of a padded signal; empty when every case fills L.
  std::vector<int64_t> lengths;
  // The recording each case was cut from (windows of one recording share an
  // id, across splits too); empty when every case is its own recording.
  std::vector<int64_t> groups;

  int64_t num_cases() const { return static_cast<int64_t>(labels.size()); }
  int64_t values_per_case() const;
  size_t stored_value_count() const;
};

struct DatasetContent {
  DatasetInfo info;
  std::vector<SplitData> splits;
  // What the conversion did that the user should know (dtype conversions,
  // labels mapped, windows cut, how the test split was drawn), one sentence
  // each; `sigvit convert` prints them. Not stored in the file.
  std::vector<std::string> notes;
};

// Stores `values` in `split` with `encoding`, rounding to the nearest stored
// integer (and clamping to its range) for int16 and uint8.
void encode_values(SplitData& split, std::vector<float> values, const ValueEncoding& encoding);

}  // namespace sigvit
