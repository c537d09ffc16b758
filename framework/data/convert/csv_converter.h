#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/format/dataset_content.h"

namespace sigvit {

struct CsvOptions {
  std::string label_column = "label";
  // The values of a row, row-major: channel 0's samples first.
  int64_t channels = 1;
  // Empty: the labels found, in natural order.
  std::vector<std::string> class_names;
  // With a single input file: the fraction drawn at random for test.
  std::optional<double> test_fraction;
  uint64_t seed = 0;
};

// `inputs`: TRAIN.csv TEST.csv [VAL.csv], or one file split with
// test_fraction. Each file: a header row naming the columns, then one case
// per row, comma-separated, every column but the label numeric (no quoting).
DatasetContent convert_csv(const std::vector<std::string>& inputs, const CsvOptions& options);

}  // namespace sigvit
