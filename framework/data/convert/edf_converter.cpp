#include "data/convert/edf_converter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "core/text.h"
#include "data/convert/shared_options.h"
#include "data/sources/audio_file.h"
#include "data/sources/edf_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

struct EdfInput {
  std::string path;
  std::string folder;  // the input folder it was found in, "" for a file given by name
};

bool is_edf_name(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".edf" || extension == ".bdf";
}

std::vector<EdfInput> files_of(const std::string& input) {
  if (!fs::is_directory(input)) return {{input, ""}};
  std::vector<EdfInput> files;
  for (const auto& entry : fs::recursive_directory_iterator(input))
    if (entry.is_regular_file() && is_edf_name(entry.path())) files.push_back({entry.path().string(), input});
  std::sort(files.begin(), files.end(), [](const EdfInput& a, const EdfInput& b) { return a.path < b.path; });
  if (files.empty()) throw Error(input + ": no .edf or .bdf files in this folder or below");
  return files;
}

std::string label_of_file(const EdfInput& file, EdfLabels labels) {
  if (labels == EdfLabels::file) return fs::path(file.path).stem().string();
  const fs::path parent = fs::absolute(file.path).parent_path();
  if (!file.folder.empty() && fs::equivalent(parent, file.folder))
    throw Error(file.path +
                ": lies directly in the input folder, but --labels folder takes the class from the "
                "folder holding each file; expected " +
                file.folder + "/CLASS/" + fs::path(file.path).filename().string() +
                ", or --labels annotations or file");
  return parent.filename().string();
}

// The signals the user picked (indices into recording.signals), in their
// order, all of one sample rate.
std::vector<size_t> picked_signals(const std::string& path, const EdfRecording& recording,
                                   const std::vector<std::string>& channels) {
  std::vector<std::string> labels;
  for (const EdfSignal& signal : recording.signals) labels.push_back(signal.label);
  std::vector<size_t> picked;
  for (const std::string& name : channels) {
    const auto found = std::find(labels.begin(), labels.end(), name);
    if (found == labels.end())
      throw Error(path + ": --channels: " + unknown_name("no signal", name, labels, "signals"));
    picked.push_back(static_cast<size_t>(found - labels.begin()));
  }
  if (channels.empty())
    for (size_t s = 0; s < labels.size(); ++s) picked.push_back(s);
  const double rate = recording.signals[picked.front()].sample_rate;
  for (size_t s : picked) {
    if (recording.signals[s].sample_rate == rate) continue;
    std::vector<std::string> rates;
    for (size_t each : picked)
      rates.push_back(labels[each] + " " + sample_rate_text(recording.signals[each].sample_rate));
    throw Error(path + ": signals of different sample rates (" + join(rates, ", ") +
                "); pick signals of one rate with --channels");
  }
  return picked;
}

struct LabelCount {
  std::set<std::string> labels;
  size_t without_duration = 0;  // annotations that label no samples
  int64_t unlabelled_samples = 0;
};

// Each sample's label: the text of the annotation covering it, later
// annotations winning where they overlap; "" where none does.
std::vector<std::string> sample_labels(const std::string& path, const EdfRecording& recording, double rate,
                                       int64_t length, LabelCount& count) {
  if (!recording.can_hold_annotations())
    throw Error(path + ": " + recording.file_type +
                " files have no annotations (EDF+ and BDF+ do); expected --labels folder or file for it");
  std::vector<std::string> labels(static_cast<size_t>(length));
  size_t used = 0;
  for (const EdfAnnotation& annotation : recording.annotations) {
    if (!annotation.duration || *annotation.duration <= 0 || annotation.text.empty()) {
      ++count.without_duration;
      continue;
    }
    // Sample t lies at t / rate s; those in [onset, onset + duration) are covered.
    const auto sample_at = [&](double seconds) {
      return static_cast<int64_t>(std::clamp(std::ceil(seconds * rate - 1e-6), 0.0, static_cast<double>(length)));
    };
    const int64_t begin = sample_at(annotation.onset), end = sample_at(annotation.onset + *annotation.duration);
    std::fill(labels.begin() + begin, labels.begin() + end, annotation.text);
    if (begin < end) count.labels.insert(annotation.text);
    ++used;
  }
  if (used == 0)
    throw Error(path + ": none of its " + std::to_string(recording.annotations.size()) +
                " annotations has a duration and a text to label samples with; expected annotations spanning the "
                "stretches they label (sleep stages, events), or --labels folder");
  return labels;
}

// The recording's labelled stretches as cases: one case for the whole
// recording when every sample has a label, else one per run of labelled samples.
std::vector<SignalCase> annotated_cases(const std::string& path, const std::vector<std::vector<float>>& channels,
                                        const std::vector<std::string>& labels, LabelCount& count) {
  std::vector<SignalCase> cases;
  const size_t length = labels.size();
  for (size_t begin = 0; begin < length;) {
    if (labels[begin].empty()) {
      ++begin;
      ++count.unlabelled_samples;
      continue;
    }
    size_t end = begin;
    while (end < length && !labels[end].empty()) ++end;
    SignalCase stretch;
    stretch.origin =
        begin == 0 && end == length ? path : path + "[" + std::to_string(begin) + ":" + std::to_string(end) + "]";
    stretch.group = path;
    for (const auto& channel : channels) stretch.channels.emplace_back(channel.begin() + begin, channel.begin() + end);
    if (std::all_of(labels.begin() + begin, labels.begin() + end, [&](const auto& l) { return l == labels[begin]; }))
      stretch.label = labels[begin];
    else
      stretch.sample_labels.assign(labels.begin() + begin, labels.begin() + end);
    cases.push_back(std::move(stretch));
    begin = end;
  }
  if (cases.empty())
    throw Error(path + ": no sample is covered by an annotation; give --unlabelled NAME to keep unlabelled samples");
  return cases;
}

// What every file must agree on: the signals' labels and their rate.
struct Reference {
  std::string path;
  std::vector<std::string> labels;
  double rate = 0;
};

class EdfReader {
 public:
  explicit EdfReader(const EdfOptions& options) : options_(options) {}

  std::vector<SignalCase> cases_of(const EdfInput& file) {
    EdfRecording recording = read_edf_file(file.path);
    const std::vector<size_t> picked = picked_signals(file.path, recording, options_.channels);
    check_against_first(file.path, recording, picked);
    ++file_types_[recording.file_type];
    std::vector<std::vector<float>> channels;
    for (size_t s : picked) channels.push_back(std::move(recording.signals[s].samples));
    if (options_.labels != EdfLabels::annotations) {
      std::string label = label_of_file(file, options_.labels);
      count_.labels.insert(label);
      return {SignalCase{std::move(channels), std::move(label), file.path, file.path, {}}};
    }
    const int64_t length = static_cast<int64_t>(channels.front().size());
    std::vector<std::string> labels = sample_labels(file.path, recording, reference_.rate, length, count_);
    if (options_.unlabelled) {
      for (auto& label : labels) {
        if (!label.empty()) continue;
        label = *options_.unlabelled;
        ++count_.unlabelled_samples;
        count_.labels.insert(label);
      }
    }
    return annotated_cases(file.path, channels, labels, count_);
  }

  double rate() const { return reference_.rate; }

  std::vector<std::string> notes(size_t files) const {
    std::vector<std::string> types;
    for (const auto& [type, count] : file_types_) types.push_back(std::to_string(count) + " " + type);
    std::vector<std::string> notes{"read " + std::to_string(files) + " files (" + join(types, ", ") +
                                   "): " + std::to_string(reference_.labels.size()) + " signals (" +
                                   join(reference_.labels, ", ") + ") at " + sample_rate_text(reference_.rate)};
    const char* source = options_.labels == EdfLabels::folder ? "folders"
                         : options_.labels == EdfLabels::file ? "file names"
                                                              : "annotations";
    std::string labels =
        std::string("labels from ") + source + ": " + join({count_.labels.begin(), count_.labels.end()}, ", ");
    if (count_.without_duration)
      labels += "; " + std::to_string(count_.without_duration) + " annotations without a duration or text ignored";
    if (count_.unlabelled_samples)
      labels += "; " + std::to_string(count_.unlabelled_samples) + " samples no annotation covers " +
                (options_.unlabelled ? "labelled '" + *options_.unlabelled + "'" : std::string("left out"));
    notes.push_back(labels);
    return notes;
  }

 private:
  void check_against_first(const std::string& path, const EdfRecording& recording, const std::vector<size_t>& picked) {
    std::vector<std::string> labels;
    for (size_t s : picked) labels.push_back(recording.signals[s].label);
    const double rate = recording.signals[picked.front()].sample_rate;
    if (reference_.path.empty()) {
      reference_ = {path, labels, rate};
      return;
    }
    if (labels != reference_.labels)
      throw Error(path + ": signals " + join(labels, ", ") + ", expected " + join(reference_.labels, ", ") + " as in " +
                  reference_.path + " (pick the signals every file has with --channels)");
    if (rate != reference_.rate)
      throw Error(path + ": sample rate " + sample_rate_text(rate) + ", expected " + sample_rate_text(reference_.rate) +
                  " as in " + reference_.path);
  }

  const EdfOptions& options_;
  Reference reference_;
  LabelCount count_;
  std::map<std::string, size_t> file_types_;
};

DatasetContent convert(const std::vector<std::string>& inputs, const ConverterArguments& arguments) {
  EdfOptions options;
  options.labels = parse_edf_labels(arguments.text("labels"));
  if (arguments.has("channels")) options.channels = arguments.list("channels");
  if (arguments.has("unlabelled")) options.unlabelled = arguments.text("unlabelled");
  options.assembly = parse_assembly_options(arguments);
  return convert_edf(inputs, options);
}

}  // namespace

EdfLabels parse_edf_labels(const std::string& text) {
  if (text == "folder") return EdfLabels::folder;
  if (text == "annotations") return EdfLabels::annotations;
  if (text == "file") return EdfLabels::file;
  throw Error("--labels " + text + ": expected folder, annotations or file");
}

DatasetContent convert_edf(const std::vector<std::string>& inputs, const EdfOptions& options) {
  if (inputs.empty()) throw Error("edf: expected EDF/BDF files or folders");
  if (options.unlabelled && options.labels != EdfLabels::annotations)
    throw Error("--unlabelled applies to --labels annotations");
  if (options.unlabelled && options.unlabelled->empty()) throw Error("--unlabelled: expected a label name");
  const bool folder_splits =
      (inputs.size() == 2 || inputs.size() == 3) && !options.assembly.test_fraction &&
      std::all_of(inputs.begin(), inputs.end(), [](const auto& in) { return fs::is_directory(in); });
  std::vector<NamedCases> splits;
  const std::vector<std::string> names{"train", "test", "val"};
  EdfReader reader(options);
  size_t files = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (i == 0 || folder_splits) splits.push_back({names[folder_splits ? i : 0], {}});
    for (const EdfInput& file : files_of(inputs[i])) {
      for (SignalCase& signal : reader.cases_of(file)) splits.back().cases.push_back(std::move(signal));
      ++files;
    }
  }
  DatasetInfo info;
  info.sample_rate = reader.rate();
  info.source = "EDF/BDF files: " + join(inputs, ", ");
  DatasetContent content = assemble_signals(std::move(splits), options.assembly, std::move(info));
  std::vector<std::string> notes = reader.notes(files);
  if (folder_splits)
    notes.push_back("splits from the input folders: " +
                    join(std::vector<std::string>(names.begin(), names.begin() + inputs.size()), ", "));
  content.notes.insert(content.notes.begin(), notes.begin(), notes.end());
  return content;
}

ConverterSpec edf_converter_spec() {
  std::vector<ConverterOption> options{
      {"labels", "folder",
       "folder (the folder holding each file: CLASS/a.edf) | annotations (EDF+/BDF+: the annotation covering each "
       "sample; give --window) | file (the file name)"},
      {"channels", "", "comma-separated signal labels to keep, in this order (default: every signal)"},
      {"unlabelled", "", "--labels annotations: label samples no annotation covers NAME (default: leave them out)"}};
  for (ConverterOption& option : assembly_converter_options()) options.push_back(std::move(option));
  return {"edf", "EDF, EDF+, BDF and BDF+ biosignal recordings (EEG, ECG, sleep studies)",
          "EDF/BDF files or folders (searched recursively); TRAIN TEST [VAL] folders, or one split with "
          "--split-fraction",
          std::move(options), convert};
}

}  // namespace sigvit
