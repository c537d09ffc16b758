#include "data/convert/ucr_converter.h"

#include <filesystem>

#include "core/text.h"
#include "data/sources/signal_cases.h"
#include "data/sources/ts_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The one file in `folder` named *_SPLIT.ts or *_SPLIT.tsv.
std::string find_split_file(const std::string& folder, const std::string& split) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (ends_with(name, "_" + split + ".ts") || ends_with(name, "_" + split + ".tsv"))
      found.push_back(entry.path().string());
  }
  if (found.size() != 1)
    throw Error(folder + ": expected one NAME_" + split + ".ts (or .tsv) file, found " +
                (found.empty() ? "none" : join(found, ", ")));
  return found.front();
}

TimeSeriesFile read_any(const std::string& path) {
  return ends_with(path, ".tsv") ? read_ucr_tsv_file(path) : read_ts_file(path);
}

std::string problem_name(const std::string& train_path) {
  std::string stem = fs::path(train_path).stem().string();
  return ends_with(stem, "_TRAIN") ? stem.substr(0, stem.size() - 6) : stem;
}

}  // namespace

DatasetContent convert_ucr(const std::vector<std::string>& inputs, const UcrOptions& options) {
  std::string train_path, test_path;
  if (inputs.size() == 1 && fs::is_directory(inputs[0])) {
    train_path = find_split_file(inputs[0], "TRAIN");
    test_path = find_split_file(inputs[0], "TEST");
  } else if (inputs.size() == 2) {
    train_path = inputs[0];
    test_path = inputs[1];
  } else {
    throw Error("ucr: expected NAME_TRAIN.ts NAME_TEST.ts or one folder holding them, got " +
                std::to_string(inputs.size()) + " inputs");
  }
  TimeSeriesFile train = read_any(train_path), test = read_any(test_path);
  if (train.declared_labels && test.declared_labels && *train.declared_labels != *test.declared_labels)
    throw Error(test_path + ": @classLabel (" + join(*test.declared_labels, " ") + ") differs from " + train_path +
                " (" + join(*train.declared_labels, " ") + ")");

  DatasetContent content;
  content.info.kind = DatasetKind::signal1d;
  content.info.class_names = train.declared_labels  ? *train.declared_labels
                             : test.declared_labels ? *test.declared_labels
                                                    : sorted_labels({train.cases, test.cases});
  content.info.source = "UCR/UEA time-series classification archive: " + problem_name(train_path);
  for (TimeSeriesFile* file : {&train, &test})
    for (SignalCase& signal : file->cases)
      for (size_t c = 0; c < signal.channels.size(); ++c)
        fill_missing(signal.channels[c], options.missing, signal.origin + ": channel " + std::to_string(c));
  const int64_t length = longest_case({train.cases, test.cases});
  content.splits.push_back(pack_signals("train", train.cases, content.info.class_names, length));
  content.splits.push_back(pack_signals("test", test.cases, content.info.class_names, length));
  return content;
}

}  // namespace sigvit
