#include "data/convert/wav_converter.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "core/text.h"
#include "data/convert/random_split.h"
#include "data/convert/resample.h"
#include "data/sources/audio_file.h"
#include "data/sources/file_name_pattern.h"
#include "data/sources/signal_cases.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> wav_files(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    if (!fs::is_directory(input)) {
      files.push_back(input);
      continue;
    }
    for (const auto& entry : fs::directory_iterator(input))
      if (entry.is_regular_file() && entry.path().extension() == ".wav") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Error("wav: no .wav files in " + join(inputs, ", "));
  return files;
}

SplitRule chosen_rule(const WavOptions& options, const FileNamePattern& pattern) {
  const SplitRule rule = options.split.rule.value_or(SplitRule::index);
  if (rule == SplitRule::index && !pattern.has("index"))
    throw Error("wav: --pattern " + pattern.text() +
                " has no {index} for FSDD's split, expected --split-by speaker or --split-fraction");
  if (rule == SplitRule::speaker && (!pattern.has("speaker") || options.split.test_speakers.empty()))
    throw Error("wav: --split-by speaker needs {speaker} in --pattern and --test-speakers");
  return rule;
}

}  // namespace

SplitRule parse_split_rule(const std::string& text) {
  if (text == "index") return SplitRule::index;
  if (text == "speaker") return SplitRule::speaker;
  if (text == "fraction") return SplitRule::fraction;
  throw Error("--split-by " + text + ": expected index, speaker or fraction");
}

DatasetContent convert_wav(const std::vector<std::string>& inputs, const WavOptions& options) {
  const FileNamePattern pattern(options.pattern);
  const SplitRule rule = chosen_rule(options, pattern);
  const std::vector<std::string> files = wav_files(inputs);
  std::vector<FileNameFields> fields;
  for (const auto& file : files) {
    auto matched = pattern.match(fs::path(file).filename().string());
    if (!matched) throw Error(file + ": file name does not match --pattern " + pattern.text());
    fields.push_back(*matched);
  }
  std::vector<bool> is_test(files.size());
  if (rule == SplitRule::fraction) is_test = choose_test_cases(files.size(), options.split.test_fraction, options.split.seed);
  const std::set<std::string> test_speakers(options.split.test_speakers.begin(), options.split.test_speakers.end());
  std::set<std::string> speakers_seen;
  for (size_t i = 0; i < files.size(); ++i) {
    speakers_seen.insert(fields[i].speaker);
    if (rule == SplitRule::index) is_test[i] = *fields[i].index < 5;
    if (rule == SplitRule::speaker) is_test[i] = test_speakers.count(fields[i].speaker) > 0;
  }
  for (const auto& speaker : test_speakers)
    if (!speakers_seen.count(speaker)) throw Error("--test-speakers: no file of speaker '" + speaker + "'");

  std::vector<SignalCase> train, test;
  std::optional<double> rate = options.sample_rate;
  for (size_t i = 0; i < files.size(); ++i) {
    Recording recording = read_audio_file(files[i]);
    if (!rate) rate = recording.sample_rate;
    if (recording.sample_rate != *rate) {
      if (!options.resample)
        throw Error(files[i] + ": sample rate " + sample_rate_text(recording.sample_rate) + ", expected " +
                    sample_rate_text(*rate) + " (give --resample to convert it)");
      for (auto& channel : recording.channels) channel = resample_linear(channel, recording.sample_rate, *rate);
    }
    (is_test[i] ? test : train).push_back({std::move(recording.channels), fields[i].label, files[i]});
  }
  if (train.empty() || test.empty())
    throw Error("wav: the split rule leaves the " + std::string(train.empty() ? "train" : "test") + " split empty");

  DatasetContent content;
  content.info.kind = DatasetKind::signal1d;
  content.info.class_names = sorted_labels({train, test});
  content.info.sample_rate = rate;
  content.info.source = "WAV files: " + join(inputs, ", ");
  const int64_t length = options.length ? *options.length : longest_case({train, test});
  if (length < 1) throw Error("--length " + std::to_string(length) + ": expected a positive number of samples");
  for (auto* cases : {&train, &test}) {
    SplitData split = pack_signals(cases == &train ? "train" : "test", *cases, content.info.class_names, length);
    // 16-bit PCM read by libsndfile is exactly a multiple of 1/32768, so int16 loses nothing for it.
    if (options.storage == StorageType::int16)
      encode_values(split, std::move(split.float32_values), {StorageType::int16, 1.0 / 32768, 0});
    else if (options.storage != StorageType::float32)
      throw Error("wav: --dtype " + to_string(options.storage) + ", expected float32 or int16");
    content.splits.push_back(std::move(split));
  }
  return content;
}

}  // namespace sigvit
