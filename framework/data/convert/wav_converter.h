#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/convert/signal_assembly.h"
#include "data/format/dataset_content.h"

namespace sigvit {

enum class SplitRule {
  index,     // index 0-4 test, the rest train: FSDD's official split
  speaker,   // the speakers of test_speakers test, the rest train
  fraction,  // test_fraction of the files test, drawn per class
};

SplitRule parse_split_rule(const std::string& text);

// Where a recording's label comes from.
enum class AudioLabels {
  folder,   // the class folder it sits in: ROOT/CLASS/.../file.wav
  pattern,  // its file name, through the pattern's {label}
};

AudioLabels parse_audio_labels(const std::string& text);

struct WavSplit {
  // Unset: index when the pattern has {index}, else an error asking for one.
  // Folder labels: the inputs' own train/test folders, or fraction.
  std::optional<SplitRule> rule;
  std::vector<std::string> test_speakers;
  double test_fraction = 0.2;
  uint64_t seed = 0;
};

struct WavOptions {
  // Unset: folder when an input folder holds folders of audio files.
  std::optional<AudioLabels> labels;
  std::string pattern = "{label}_{speaker}_{index}.wav";
  WavSplit split;
  // Length (unset: the longest file), windows and class names.
  AssemblyOptions assembly;
  // Unset: the rate of the first file (in name order); every file must match.
  std::optional<double> sample_rate;
  bool resample = false;
  StorageType storage = StorageType::float32;
};

// `inputs`: audio files or folders searched recursively for every extension
// libsndfile reads (WAV, FLAC, Ogg, ...). With folder labels: one ROOT of
// class folders (drawn into train and test by --split-fraction, or holding
// train/ and test/ [val/] folders of class folders), or ROOTs TRAIN TEST
// [VAL]. With pattern labels: FSDD-style names. Gives a signal1d set.
DatasetContent convert_wav(const std::vector<std::string>& inputs, const WavOptions& options);

}  // namespace sigvit
