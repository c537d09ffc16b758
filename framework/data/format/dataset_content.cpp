#include "data/format/dataset_content.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <utility>

namespace sigvit {

int64_t SplitData::values_per_case() const {
  return std::accumulate(case_shape.begin(), case_shape.end(), int64_t{1}, std::multiplies<int64_t>());
}

size_t SplitData::stored_value_count() const {
  switch (encoding.type) {
    case StorageType::float32: return float32_values.size();
    case StorageType::int16: return int16_values.size();
    case StorageType::uint8: return uint8_values.size();
  }
  return 0;
}

namespace {

template <typename Integer>
std::vector<Integer> quantize(const std::vector<float>& values, const ValueEncoding& encoding) {
  constexpr double lowest = std::numeric_limits<Integer>::min();
  constexpr double highest = std::numeric_limits<Integer>::max();
  std::vector<Integer> stored(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double level = std::round((values[i] - encoding.offset) / encoding.scale);
    stored[i] = static_cast<Integer>(std::clamp(level, lowest, highest));
  }
  return stored;
}

}  // namespace

void encode_values(SplitData& split, std::vector<float> values, const ValueEncoding& encoding) {
  split.encoding = encoding;
  split.float32_values.clear();
  split.int16_values.clear();
  split.uint8_values.clear();
  switch (encoding.type) {
    case StorageType::float32:
      // float32 holds the values themselves; a scale would only lose precision.
      split.float32_values = std::move(values);
      split.encoding.scale = 1.0;
      split.encoding.offset = 0.0;
      break;
    case StorageType::int16: split.int16_values = quantize<int16_t>(values, encoding); break;
    case StorageType::uint8: split.uint8_values = quantize<uint8_t>(values, encoding); break;
  }
}

}  // namespace sigvit
