#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/format/dataset_content.h"

namespace sigvit {

enum class SplitRule {
  index,     // index 0-4 test, the rest train: FSDD's official split
  speaker,   // the speakers of test_speakers test, the rest train
  fraction,  // a seeded random test_fraction of the files test
};

SplitRule parse_split_rule(const std::string& text);

struct WavSplit {
  // Unset: index when the pattern has {index}, else an error asking for one.
  std::optional<SplitRule> rule;
  std::vector<std::string> test_speakers;
  double test_fraction = 0.2;
  uint64_t seed = 0;
};

struct WavOptions {
  std::string pattern = "{label}_{speaker}_{index}.wav";
  WavSplit split;
  // Unset: pad to the longest file.
  std::optional<int64_t> length;
  // Unset: the rate of the first file (in name order); every file must match.
  std::optional<double> sample_rate;
  bool resample = false;
  StorageType storage = StorageType::float32;
};

// `inputs`: folders of WAV files (every *.wav inside) or WAV files, read
// with libsndfile. Labels come from the file names; class names are sorted
// naturally ("2" before "10"). Gives a signal1d set with train and test.
DatasetContent convert_wav(const std::vector<std::string>& inputs, const WavOptions& options);

}  // namespace sigvit
