#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/convert/missing_values.h"
#include "data/convert/signal_assembly.h"
#include "data/format/dataset_content.h"

namespace sigvit {

enum class CsvLayout {
  wide,  // one case per row: the label and the case's values
  long_format,  // one time step per row: (case id,) (time,) label and one column per channel
};

CsvLayout parse_csv_layout(const std::string& text);

struct CsvOptions {
  CsvLayout layout = CsvLayout::wide;
  // Unset: the column named label, class, target or y (any case).
  std::optional<std::string> label_column;
  // Unset: an unnamed first column (pandas' to_csv index) is the index;
  // "none": no column is.
  std::optional<std::string> index_column;
  char delimiter = 0;  // 0: sniffed from the header row
  // Unset: a missing value (empty, NaN, NA, ?, null) inside a series is an
  // error. Missing values at the end of a wide row are padding either way.
  std::optional<MissingPolicy> missing;
  // Wide: the values of a row, row-major: channel 0's samples first.
  int64_t channels = 1;
  // Long: the case id column (unset: the file is one recording), the time
  // column rows are ordered by within a case (unset: file order), and the
  // channel columns (empty: every other column).
  std::optional<std::string> case_column;
  std::optional<std::string> time_column;
  std::vector<std::string> value_columns;
  // Class names, test split, length, windows.
  AssemblyOptions assembly;
};

// `inputs`: TRAIN.csv TEST.csv [VAL.csv], or one file split by
// assembly.test_fraction. Errors name file:line and the column.
DatasetContent convert_csv(const std::vector<std::string>& inputs, const CsvOptions& options);

}  // namespace sigvit
