#include "run/run_report.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>

namespace sigvit {
namespace {

nlohmann::json evaluation_json(const std::vector<std::string>& class_names, const Evaluation& evaluation) {
  const ConfusionMatrix& confusion = evaluation.confusion;
  nlohmann::json per_class = nlohmann::json::array();
  nlohmann::json matrix = nlohmann::json::array();
  for (int64_t truth = 0; truth < confusion.num_classes(); ++truth) {
    int64_t support = 0;
    nlohmann::json row = nlohmann::json::array();
    for (int64_t predicted = 0; predicted < confusion.num_classes(); ++predicted) {
      row.push_back(confusion.count(truth, predicted));
      support += confusion.count(truth, predicted);
    }
    matrix.push_back(row);
    per_class.push_back({{"class", class_names.at(static_cast<size_t>(truth))},
                         {"precision", confusion.precision(truth)},
                         {"recall", confusion.recall(truth)},
                         {"f1", confusion.f1(truth)},
                         {"support", support}});
  }
  return {{"cases", evaluation.cases},         {"accuracy", evaluation.accuracy()},
          {"balanced_accuracy", confusion.balanced_accuracy()},
          {"macro_auroc", evaluation.macro_auroc ? nlohmann::json(*evaluation.macro_auroc) : nlohmann::json()},
          {"macro_f1", confusion.macro_f1()},  {"loss", evaluation.loss},
          {"per_class", per_class},            {"confusion_matrix", matrix},
          {"seconds", evaluation.seconds},
          {"samples_per_s", evaluation.seconds > 0 ? static_cast<double>(evaluation.cases) / evaluation.seconds : 0.0}};
}

}  // namespace

std::string result_json(const RunReport& report) {
  double train_seconds = 0;
  for (const EpochRecord& record : report.state.history) train_seconds += record.seconds;
  const double trained_cases =
      static_cast<double>(report.train_cases_per_epoch) * static_cast<double>(report.state.history.size());
  nlohmann::json json;
  json["name"] = report.name;
  json["seed"] = report.seed;
  json["threads"] = report.threads;
  json["world_size"] = report.world_size;
  json["batch_size"] = report.batch_size;
  json["global_batch_size"] = report.batch_size * report.world_size;
  json["device"] = report.device;
  for (const auto& [name, value] : report.kernels.fields()) json["kernels"][name] = value;
  json["class_names"] = report.class_names;
  json["params"] = report.params;
  json["gflops_per_sample"] = report.gflops_per_sample;
  json["epochs_run"] = report.state.history.size();
  json["stopped_early"] = report.state.stopped_early;
  json["best_epoch"] = report.state.best_epoch;
  json["selected_by"] = report.selection;
  json["weights"] = report.ema.enabled() ? "ema" : "trained";
  if (report.ema.enabled()) {
    json["ema"] = {{"decay", report.ema.decay}, {"warmup", report.ema.warmup}};
  } else {
    json["ema"] = nullptr;
  }
  if (report.state.best_val_accuracy >= 0) {
    json["best_val_accuracy"] = report.state.best_val_accuracy;
  } else {
    json["best_val_accuracy"] = nullptr;
  }
  json["train_seconds"] = train_seconds;
  json["train_samples_per_s"] = train_seconds > 0 ? trained_cases / train_seconds : 0.0;
  json["wall_seconds"] = report.wall_seconds;
  json["time_breakdown"] = {{"data_wait", report.time.data_wait},
                            {"compute", report.time.compute},
                            {"communication", report.time.communication},
                            {"validation", report.time.validation},
                            {"checkpoints", report.time.checkpoints}};
  json["latency_ms"] = report.latency.median_ms;
  json["latency_ms_p10_p90"] = {report.latency.p10_ms, report.latency.p90_ms};
  json["train_split"] = report.train_split;
  json["validation"] = report.validation;
  json["test_split"] = report.test_split;
  if (report.test) {
    json["test"] = evaluation_json(report.class_names, *report.test);
    json["test_accuracy"] = report.test->accuracy();
    json["macro_f1"] = report.test->confusion.macro_f1();
    json["balanced_accuracy"] = report.test->confusion.balanced_accuracy();
    json["macro_auroc"] = json["test"]["macro_auroc"];
    json["infer_samples_per_s"] = json["test"]["samples_per_s"];
  } else {
    json["test"] = nullptr;
  }
  return json.dump(2) + "\n";
}

std::string format_evaluation(const std::vector<std::string>& class_names, const Evaluation& evaluation) {
  const ConfusionMatrix& confusion = evaluation.confusion;
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "accuracy %.2f%% (%lld cases)  balanced accuracy %.2f%%  macro-F1 %.4f  ",
                100 * evaluation.accuracy(), static_cast<long long>(evaluation.cases),
                100 * confusion.balanced_accuracy(), confusion.macro_f1());
  out << line;
  if (evaluation.macro_auroc) {
    std::snprintf(line, sizeof line, "macro AUROC %.4f  ", *evaluation.macro_auroc);
    out << line;
  }
  std::snprintf(line, sizeof line, "loss %.4f\n", evaluation.loss);
  out << line;
  size_t width = 5;
  for (const auto& name : class_names) width = std::max(width, name.size());
  const int w = static_cast<int>(width);
  std::snprintf(line, sizeof line, "  %-*s  %9s  %6s  %6s  %7s\n", w, "class", "precision", "recall", "f1", "support");
  out << line;
  for (int64_t cls = 0; cls < confusion.num_classes(); ++cls) {
    int64_t support = 0;
    for (int64_t predicted = 0; predicted < confusion.num_classes(); ++predicted) support += confusion.count(cls, predicted);
    std::snprintf(line, sizeof line, "  %-*s  %9.3f  %6.3f  %6.3f  %7lld\n", w,
                  class_names.at(static_cast<size_t>(cls)).c_str(), confusion.precision(cls), confusion.recall(cls),
                  confusion.f1(cls), static_cast<long long>(support));
    out << line;
  }
  return out.str();
}

std::string format_time_breakdown(const TimeBreakdown& time, double wall_seconds) {
  std::ostringstream out;
  char line[128];
  const double other = wall_seconds - time.data_wait - time.compute - time.validation - time.checkpoints;
  const std::pair<const char*, double> parts[] = {{"model compute (train steps)", time.compute},
                                                  {"waiting for data", time.data_wait},
                                                  {"validation", time.validation},
                                                  {"checkpoints and metrics", time.checkpoints},
                                                  {"set-up, test and the rest", other}};
  for (const auto& [what, seconds] : parts) {
    std::snprintf(line, sizeof line, "  %-28s %9.1f s  %5.1f%%\n", what, seconds,
                  wall_seconds > 0 ? 100 * seconds / wall_seconds : 0.0);
    out << line;
    if (what == parts[0].first && time.communication > 0) {
      std::snprintf(line, sizeof line, "    %-26s %9.1f s  %5.1f%%\n", "of which among the ranks", time.communication,
                    wall_seconds > 0 ? 100 * time.communication / wall_seconds : 0.0);
      out << line;
    }
  }
  return out.str();
}

}  // namespace sigvit
