#include "data/convert/wav_converter.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <utility>

#include "core/text.h"
#include "data/convert/resample.h"
#include "data/sources/audio_file.h"
#include "data/sources/file_name_pattern.h"
#include "data/sources/signal_cases.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

bool is_audio_file(const fs::path& path) {
  std::string extension = path.extension().string();
  if (extension.empty()) return false;
  extension.erase(0, 1);
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto& known = audio_file_extensions();
  return std::binary_search(known.begin(), known.end(), extension);
}

std::vector<std::string> audio_files_under(const std::string& folder) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder, fs::directory_options::follow_directory_symlink))
    if (entry.is_regular_file() && is_audio_file(entry.path())) files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> audio_files(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const auto& input : inputs) {
    if (!fs::exists(input)) throw Error(input + ": no such file or folder");
    if (!fs::is_directory(input)) {
      files.push_back(input);
      continue;
    }
    for (auto& file : audio_files_under(input)) files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw Error("wav: no audio files (" + join(audio_file_extensions(), ", ") + ") in " + join(inputs, ", "));
  return files;
}

bool holds_class_folders(const std::vector<std::string>& inputs) {
  for (const auto& input : inputs) {
    if (!fs::is_directory(input)) continue;
    for (const auto& entry : fs::directory_iterator(input))
      if (entry.is_directory() && !audio_files_under(entry.path().string()).empty()) return true;
  }
  return false;
}

struct LabelledFile {
  std::string path;
  std::string label;
};

// ROOT/CLASS/.../file: the class folder is the label.
std::vector<LabelledFile> files_by_class_folder(const std::string& root) {
  if (!fs::is_directory(root)) throw Error(root + ": expected a folder of class folders (ROOT/CLASS/file.wav)");
  std::vector<LabelledFile> files;
  for (const auto& path : audio_files_under(root)) {
    const fs::path relative = fs::path(path).lexically_relative(root);
    if (std::distance(relative.begin(), relative.end()) < 2)
      throw Error(path + ": not inside a class folder of " + root + " (expected " + root +
                  "/CLASS/file; or give --labels pattern to read labels from file names)");
    files.push_back({path, relative.begin()->string()});
  }
  if (files.empty()) throw Error(root + ": no audio files in its class folders");
  return files;
}

std::vector<std::pair<std::string, std::vector<LabelledFile>>> folder_splits(const std::vector<std::string>& inputs) {
  std::vector<std::pair<std::string, std::vector<LabelledFile>>> splits;
  const std::vector<std::string> names{"train", "test", "val"};
  if (inputs.size() == 1 && fs::is_directory(fs::path(inputs[0]) / "train") &&
      fs::is_directory(fs::path(inputs[0]) / "test")) {
    for (const auto& name : names)
      if (fs::is_directory(fs::path(inputs[0]) / name))
        splits.emplace_back(name, files_by_class_folder((fs::path(inputs[0]) / name).string()));
    return splits;
  }
  if (inputs.size() > 3) throw Error("wav: expected ROOT, or TRAIN TEST [VAL] folders of class folders");
  for (size_t i = 0; i < inputs.size(); ++i)
    splits.emplace_back(inputs.size() == 1 ? "train" : names[i], files_by_class_folder(inputs[i]));
  return splits;
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

std::vector<std::pair<std::string, std::vector<LabelledFile>>> pattern_splits(const std::vector<std::string>& inputs,
                                                                               const WavOptions& options) {
  const FileNamePattern pattern(options.pattern);
  const SplitRule rule = chosen_rule(options, pattern);
  std::vector<std::pair<std::string, std::vector<LabelledFile>>> splits{{"train", {}}};
  if (rule != SplitRule::fraction) splits.emplace_back("test", std::vector<LabelledFile>{});
  const std::set<std::string> test_speakers(options.split.test_speakers.begin(), options.split.test_speakers.end());
  std::set<std::string> speakers_seen;
  for (const auto& file : audio_files(inputs)) {
    const auto fields = pattern.match(fs::path(file).filename().string());
    if (!fields) throw Error(file + ": file name does not match --pattern " + pattern.text());
    speakers_seen.insert(fields->speaker);
    const bool test = (rule == SplitRule::index && *fields->index < 5) ||
                      (rule == SplitRule::speaker && test_speakers.count(fields->speaker) > 0);
    splits[test ? 1 : 0].second.push_back({file, fields->label});
  }
  for (const auto& speaker : test_speakers)
    if (!speakers_seen.count(speaker)) throw Error("--test-speakers: no file of speaker '" + speaker + "'");
  for (const auto& [name, files] : splits)
    if (files.empty()) throw Error("wav: the split rule leaves the " + name + " split empty");
  return splits;
}

}  // namespace

SplitRule parse_split_rule(const std::string& text) {
  if (text == "index") return SplitRule::index;
  if (text == "speaker") return SplitRule::speaker;
  if (text == "fraction") return SplitRule::fraction;
  throw Error("--split-by " + text + ": expected index, speaker or fraction");
}

AudioLabels parse_audio_labels(const std::string& text) {
  if (text == "folder") return AudioLabels::folder;
  if (text == "pattern") return AudioLabels::pattern;
  throw Error("--labels " + text + ": expected folder (ROOT/CLASS/file) or pattern (from file names)");
}

DatasetContent convert_wav(const std::vector<std::string>& inputs, const WavOptions& options) {
  const AudioLabels labels =
      options.labels.value_or(holds_class_folders(inputs) ? AudioLabels::folder : AudioLabels::pattern);
  if (labels == AudioLabels::folder && options.split.rule && *options.split.rule != SplitRule::fraction)
    throw Error("--split-by " + std::string(*options.split.rule == SplitRule::index ? "index" : "speaker") +
                " reads file names; with class folders give --split-fraction or train/test folders");
  const auto splits = labels == AudioLabels::folder ? folder_splits(inputs) : pattern_splits(inputs, options);
  AssemblyOptions assembly = options.assembly;
  if (options.split.rule == SplitRule::fraction || (labels == AudioLabels::folder && splits.size() == 1)) {
    assembly.test_fraction = options.split.test_fraction;
    assembly.seed = options.split.seed;
  }

  std::vector<NamedCases> named;
  std::optional<double> rate = options.sample_rate;
  size_t files = 0, resampled = 0;
  double resampled_from = 0;
  for (const auto& [name, split_files] : splits) {
    NamedCases cases{name, {}};
    for (const LabelledFile& file : split_files) {
      Recording recording = read_audio_file(file.path);
      if (!rate) rate = recording.sample_rate;
      if (recording.sample_rate != *rate) {
        if (!options.resample)
          throw Error(file.path + ": sample rate " + sample_rate_text(recording.sample_rate) + ", expected " +
                      sample_rate_text(*rate) + " (give --resample to convert it)");
        for (auto& channel : recording.channels) channel = resample_linear(channel, recording.sample_rate, *rate);
        ++resampled;
        resampled_from = recording.sample_rate;
      }
      cases.cases.push_back({std::move(recording.channels), file.label, file.path, {}, {}});
      ++files;
    }
    named.push_back(std::move(cases));
  }

  DatasetInfo info;
  info.sample_rate = rate;
  info.source = "audio files: " + join(inputs, ", ");
  DatasetContent content = assemble_signals(std::move(named), assembly, info);
  content.notes.insert(content.notes.begin(),
                       "read " + std::to_string(files) + " audio files at " + sample_rate_text(*rate) + ", labels from " +
                           (labels == AudioLabels::folder ? "their class folders" : "their names (--pattern)"));
  if (resampled)
    content.notes.push_back("resampled " + std::to_string(resampled) + " files (e.g. from " +
                            sample_rate_text(resampled_from) + ") to " + sample_rate_text(*rate) + " (--resample)");
  if (options.storage == StorageType::int16) {
    // 16-bit PCM read by libsndfile is exactly a multiple of 1/32768, so int16 loses nothing for it.
    for (SplitData& split : content.splits)
      encode_values(split, std::move(split.float32_values), {StorageType::int16, 1.0 / 32768, 0});
  } else if (options.storage != StorageType::float32) {
    throw Error("wav: --dtype " + to_string(options.storage) + ", expected float32 or int16");
  }
  return content;
}

}  // namespace sigvit
