#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/sources/signal_cases.h"

namespace sigvit {

// The cases of one UCR/UEA file, missing values left as NaN.
struct TimeSeriesFile {
  std::string path;
  // The labels of `@classLabel true ...` in their declared order, if declared.
  std::optional<std::vector<std::string>> declared_labels;
  std::vector<SignalCase> cases;
};

// The sktime/aeon `.ts` format: `#` comments, `@` headers in any order (each
// optional), then one case per line, channels separated by ':', values by
// ',', the label last. Rejects ragged or inconsistent cases with file:line.
TimeSeriesFile read_ts_file(const std::string& path);

// The UCR 2018 `.tsv` format: one univariate case per line, the label first,
// values tab-separated. Trailing NaNs are the archive's padding of shorter
// series and are dropped.
TimeSeriesFile read_ucr_tsv_file(const std::string& path);

}  // namespace sigvit
