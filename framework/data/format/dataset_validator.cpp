#include "data/format/dataset_validator.h"

#include <algorithm>

#include "data/format/dataset_reader.h"

namespace sigvit {

void validate_dataset(const std::string& path) {
  // Blocks of about 16 MiB of decoded values keep memory flat on large splits.
  constexpr int64_t block_values = 4 * 1024 * 1024;
  const DatasetReader reader(path);
  for (const auto& split : reader.splits()) {
    int64_t per_case = 1;
    for (int64_t extent : split.case_shape) per_case *= extent;
    const int64_t block_cases = std::max<int64_t>(1, block_values / per_case);
    for (int64_t begin = 0; begin < split.num_cases; begin += block_cases)
      reader.read_cases(split.name, begin, std::min(block_cases, split.num_cases - begin));
  }
}

}  // namespace sigvit
