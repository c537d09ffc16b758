#include "compare/report/run_record.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

template <typename T>
T field(const nlohmann::json& json, const std::string& key, const std::string& path) {
  if (!json.contains(key) || json[key].is_null()) throw Error(path + ": field '" + key + "' is missing");
  try {
    return json[key].get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": field '" + key + "' has the wrong type: " + e.what());
  }
}

nlohmann::json read_json(const std::string& path) {
  try {
    return nlohmann::json::parse(read_text_file(path));
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": not valid JSON: " + e.what());
  }
}

}  // namespace

bool run_finished(const std::string& directory) { return std::filesystem::exists(directory + "/result.json"); }

RunRecord read_run_record(const PlannedRun& run) {
  RunRecord record;
  record.run = run;
  const std::string result_path = run.directory + "/result.json";
  const nlohmann::json result = read_json(result_path);
  record.params = field<int64_t>(result, "params", result_path);
  record.gflops_per_sample = field<double>(result, "gflops_per_sample", result_path);
  record.threads = field<int>(result, "threads", result_path);
  record.train_seconds = field<double>(result, "train_seconds", result_path);
  if (run.pretrained) {
    // Pretraining is part of the model's cost: its time counts in the budget.
    const std::string pretrain_path = run.pretrain_directory() + "/result.json";
    record.train_seconds += field<double>(read_json(pretrain_path), "train_seconds", pretrain_path);
    std::string overrides;
    for (const PlannedOverride& item : run.pretrain_overrides) {
      overrides += (overrides.empty() ? "" : ", ") + item.assignment;
    }
    record.initial_weights = "masked-patch pretraining on the train split (sigvit pretrain" +
                             (overrides.empty() ? std::string() : "; " + overrides) +
                             "), its time counted in the train time";
  }
  record.latency_ms = field<double>(result, "latency_ms", result_path);
  record.splits = "train '" + field<std::string>(result, "train_split", result_path) + "', validation " +
                  field<std::string>(result, "validation", result_path) + ", test '" +
                  field<std::string>(result, "test_split", result_path) + "'";
  record.class_names = field<std::vector<std::string>>(result, "class_names", result_path);
  record.selected_by = result.contains("selected_by") ? field<std::string>(result, "selected_by", result_path)
                                                      : "val_accuracy or last";
  if (result.contains("ema") && !result["ema"].is_null()) {
    std::ostringstream decay;
    decay << field<double>(result["ema"], "decay", result_path);
    record.selected_by += ", moving average of the weights (decay " + decay.str() + ")";
  }
  record.tested = !result["test"].is_null();
  if (record.tested) {
    record.test_accuracy = field<double>(result, "test_accuracy", result_path);
    record.macro_f1 = field<double>(result, "macro_f1", result_path);
    if (result.contains("balanced_accuracy") && !result["balanced_accuracy"].is_null())
      record.balanced_accuracy = field<double>(result, "balanced_accuracy", result_path);
    if (result.contains("macro_auroc") && !result["macro_auroc"].is_null())
      record.macro_auroc = field<double>(result, "macro_auroc", result_path);
    record.infer_samples_per_s = field<double>(result, "infer_samples_per_s", result_path);
    record.confusion = field<std::vector<std::vector<int64_t>>>(result["test"], "confusion_matrix", result_path);
  }
  const std::string metrics_path = run.directory + "/metrics.csv";
  record.history = parse_metrics_csv(read_text_file(metrics_path), metrics_path);
  const std::string config_path = run.directory + "/config.yaml";
  try {
    record.config = YAML::Load(read_text_file(config_path));
  } catch (const YAML::Exception& e) {
    throw Error(config_path + ": not valid YAML: " + e.msg);
  }
  return record;
}

}  // namespace sigvit
