#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/training_state.h"
#include "compare/report/compare_plan.h"

namespace sigvit {

// What a comparison reads back from a finished run's directory: result.json,
// metrics.csv and the resolved config.yaml.
struct RunRecord {
  PlannedRun run;
  bool tested = false;  // the data set had a test split
  double test_accuracy = 0, macro_f1 = 0;
  // Unset for runs from before they were recorded, and macro_auroc for a
  // test split where no class has both positive and negative cases.
  std::optional<double> balanced_accuracy, macro_auroc;
  int64_t params = 0;
  double gflops_per_sample = 0;
  int threads = 0;
  double train_seconds = 0, infer_samples_per_s = 0, latency_ms = 0;  // train_seconds includes pretraining
  std::string initial_weights = "random";  // or what pretraining it started from
  std::string splits;  // "train 'train', validation ..., test 'test'"
  std::string selected_by;  // train.select in effect; "val_accuracy or last" for runs from before it was recorded
  std::vector<std::string> class_names;
  std::vector<std::vector<int64_t>> confusion;  // [truth][predicted] on the test split
  std::vector<EpochRecord> history;
  YAML::Node config;
};

// Whether the run in `directory` ran to its end (it wrote result.json).
bool run_finished(const std::string& directory);

// Reads a finished run; Error naming the file and the field when one is
// missing or malformed.
RunRecord read_run_record(const PlannedRun& run);

}  // namespace sigvit
