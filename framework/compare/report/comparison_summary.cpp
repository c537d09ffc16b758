#include "compare/report/comparison_summary.h"

#include <cmath>
#include <functional>
#include <utility>

#include "core/text.h"

namespace sigvit {
namespace {

std::string flow(const YAML::Node& node) {
  if (!node || node.IsNull()) return "none";
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

std::string or_default(const YAML::Node& node, const std::string& fallback) {
  return node && node.IsScalar() ? node.as<std::string>() : fallback;
}

// Averages `value` of each epoch over the histories that reached it.
std::vector<double> mean_curve(const std::vector<const RunRecord*>& runs,
                               const std::function<std::optional<double>(const EpochRecord&)>& value) {
  std::vector<double> sums, counts;
  for (const RunRecord* run : runs) {
    for (size_t epoch = 0; epoch < run->history.size(); ++epoch) {
      const std::optional<double> v = value(run->history[epoch]);
      if (!v) continue;
      if (sums.size() <= epoch) {
        sums.resize(epoch + 1, 0.0);
        counts.resize(epoch + 1, 0.0);
      }
      sums[epoch] += *v;
      counts[epoch] += 1;
    }
  }
  for (size_t i = 0; i < sums.size(); ++i) sums[i] = counts[i] > 0 ? sums[i] / counts[i] : NAN;
  return sums;
}

}  // namespace

MeanStd mean_std(const std::vector<double>& values) {
  MeanStd result;
  result.count = static_cast<int64_t>(values.size());
  if (values.empty()) return result;
  for (double value : values) result.mean += value;
  result.mean /= static_cast<double>(values.size());
  if (values.size() < 2) return result;
  double squares = 0;
  for (double value : values) squares += (value - result.mean) * (value - result.mean);
  result.std = std::sqrt(squares / static_cast<double>(values.size() - 1));
  return result;
}

std::vector<ModelOutcome> summarize_runs(const std::vector<RunRecord>& records,
                                         const std::vector<std::string>& datasets,
                                         const std::vector<std::string>& models) {
  std::vector<ModelOutcome> outcomes;
  for (const std::string& dataset : datasets) {
    for (const std::string& model : models) {
      std::vector<const RunRecord*> runs;
      for (const RunRecord& record : records) {
        if (record.run.dataset == dataset && record.run.model == model) runs.push_back(&record);
      }
      if (runs.empty()) continue;
      ModelOutcome outcome;
      outcome.dataset = dataset;
      outcome.model = model;
      outcome.tested = runs.front()->tested;
      outcome.params = runs.front()->params;
      outcome.gflops_per_sample = runs.front()->gflops_per_sample;
      outcome.class_names = runs.front()->class_names;
      std::vector<double> accuracy, macro_f1, balanced, auroc, train_seconds, infer, latency;
      for (const RunRecord* run : runs) {
        outcome.seeds.push_back(run->run.seed);
        train_seconds.push_back(run->train_seconds);
        latency.push_back(run->latency_ms);
        if (!run->tested) continue;
        accuracy.push_back(run->test_accuracy);
        outcome.tested_seeds.push_back(run->run.seed);
        macro_f1.push_back(run->macro_f1);
        if (run->balanced_accuracy) balanced.push_back(*run->balanced_accuracy);
        if (run->macro_auroc) auroc.push_back(*run->macro_auroc);
        infer.push_back(run->infer_samples_per_s);
        if (outcome.confusion.empty()) outcome.confusion = run->confusion;
        else {
          for (size_t i = 0; i < run->confusion.size(); ++i) {
            for (size_t j = 0; j < run->confusion[i].size(); ++j) outcome.confusion[i][j] += run->confusion[i][j];
          }
        }
      }
      outcome.accuracy = mean_std(accuracy);
      outcome.accuracies = accuracy;
      outcome.macro_f1 = mean_std(macro_f1);
      outcome.balanced_accuracy = mean_std(balanced);
      outcome.macro_auroc = mean_std(auroc);
      outcome.train_seconds = mean_std(train_seconds);
      outcome.infer_samples_per_s = mean_std(infer);
      outcome.latency_ms = mean_std(latency);
      outcome.train_loss = mean_curve(runs, [](const EpochRecord& r) { return std::optional<double>(r.train_loss); });
      outcome.val_accuracy = mean_curve(runs, [](const EpochRecord& r) { return r.val_accuracy; });
      outcomes.push_back(std::move(outcome));
    }
  }
  return outcomes;
}

std::vector<std::string> describe_protocol(const std::vector<RunRecord>& records, const std::string& dataset) {
  using Aspect = std::pair<std::string, std::function<std::string(const RunRecord&)>>;
  const auto config = [](std::function<std::string(const YAML::Node&)> value_of) {
    return [value_of](const RunRecord& record) { return value_of(record.config); };
  };
  const std::vector<Aspect> aspects{
      {"data", config([](const YAML::Node& c) { return or_default(c["data"]["path"], "?"); })},
      {"splits", [](const RunRecord& record) { return record.splits; }},
      {"epochs", config([](const YAML::Node& c) { return or_default(c["train"]["epochs"], "10"); })},
      {"batch size", config([](const YAML::Node& c) { return or_default(c["data"]["batch_size"], "32"); })},
      {"augmentation", config([](const YAML::Node& c) { return flow(c["data"]["augment"]); })},
      {"normalization", config([](const YAML::Node& c) { return or_default(c["data"]["normalization"], "none"); })},
      {"model selection", [](const RunRecord& record) { return record.selected_by; }},
      {"initial weights", [](const RunRecord& record) { return record.initial_weights; }},
      {"training", config([](const YAML::Node& c) {
         YAML::Node train = YAML::Clone(c["train"]);
         train.remove("epochs");
         return flow(train);
       })},
  };
  // One config per model: a model's seeds differ only in seed, name and output.
  std::vector<const RunRecord*> firsts;
  for (const RunRecord& record : records) {
    if (record.run.dataset != dataset) continue;
    bool seen = false;
    for (const RunRecord* first : firsts) seen = seen || first->run.model == record.run.model;
    if (!seen) firsts.push_back(&record);
  }
  std::vector<std::string> lines;
  for (const auto& [aspect, value_of] : aspects) {
    std::vector<std::string> values;
    bool same = true;
    for (const RunRecord* first : firsts) {
      values.push_back(value_of(*first));
      same = same && values.back() == values.front();
    }
    if (values.empty()) continue;
    if (same) {
      lines.push_back(aspect + ": " + values.front());
      continue;
    }
    std::vector<std::string> each;
    for (size_t i = 0; i < values.size(); ++i) each.push_back(values[i] + " (" + firsts[i]->run.model + ")");
    lines.push_back(aspect + ": " + join(each, "; "));
  }
  return lines;
}

}  // namespace sigvit
