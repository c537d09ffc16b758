#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compare/report/run_record.h"

namespace sigvit {

// Mean and sample standard deviation (n - 1 in the denominator; 0 for a
// single value) of one metric over a model's seeds.
struct MeanStd {
  double mean = 0, std = 0;
  int64_t count = 0;
};

MeanStd mean_std(const std::vector<double>& values);

// One row of a report table: a model on a data set, over its finished seeds.
struct ModelOutcome {
  std::string dataset, model;
  std::vector<uint64_t> seeds;
  bool tested = false;
  MeanStd accuracy, macro_f1;
  // Over the seeds whose results record them (count 0: none does).
  MeanStd balanced_accuracy, macro_auroc;
  // Test accuracy of each tested seed, in the order of `tested_seeds`: the
  // samples the report's intervals and paired tests are computed from.
  std::vector<uint64_t> tested_seeds;
  std::vector<double> accuracies;
  int64_t params = 0;
  double gflops_per_sample = 0;
  MeanStd train_seconds, infer_samples_per_s, latency_ms;
  std::vector<std::string> class_names;
  std::vector<std::vector<int64_t>> confusion;  // summed over seeds
  // Per epoch, averaged over the seeds that reached it.
  std::vector<double> train_loss, val_accuracy;  // val_accuracy empty without validation
};

// The rows, in the order of `datasets` and `models`; pairs without a
// finished run are left out.
std::vector<ModelOutcome> summarize_runs(const std::vector<RunRecord>& records,
                                         const std::vector<std::string>& datasets,
                                         const std::vector<std::string>& models);

// How the runs of one data set were trained: one line per aspect ("epochs:
// 100"), and where models differ, each model's value ("epochs: 100 (ViT),
// 300 (FCN)"), read from the runs' resolved configs.
std::vector<std::string> describe_protocol(const std::vector<RunRecord>& records, const std::string& dataset);

}  // namespace sigvit
