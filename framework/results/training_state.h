#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sigvit {

// One row of metrics.csv.
struct EpochRecord {
  int64_t epoch = 0;  // 1-based
  double lr = 0;      // at the epoch's last step
  double train_loss = 0;
  // Accuracies are absent where the model scores itself without classes
  // (masked-patch pretraining): a column of zeros would read as a failed run.
  std::optional<double> train_accuracy;
  // Of the weights the run keeps: the average under train.ema.
  std::optional<double> val_loss;
  std::optional<double> val_accuracy;
  double seconds = 0;
  double grad_norm = 0;       // mean over the epoch's applied steps, before clipping
  int64_t skipped_steps = 0;  // steps dropped for a non-finite loss or gradient
  // Under train.ema, the validation of the trained weights themselves.
  std::optional<double> raw_val_loss;
  std::optional<double> raw_val_accuracy;
};

// Loss and accuracy of the training batches seen so far in an epoch.
struct RunningTotals {
  double loss_sum = 0;  // sum over cases
  double correct = 0;   // mixup counts a case by its dominant label
  int64_t cases = 0;
  int64_t classified_cases = 0;  // cases whose predicted class was counted
  double seconds = 0;
  double grad_norm_sum = 0;
  int64_t applied_steps = 0, skipped_steps = 0;

  double loss() const { return cases ? loss_sum / static_cast<double>(cases) : 0.0; }
  std::optional<double> accuracy() const {
    if (classified_cases == 0) return std::nullopt;
    return correct / static_cast<double>(classified_cases);
  }
  double grad_norm() const { return applied_steps ? grad_norm_sum / static_cast<double>(applied_steps) : 0.0; }
};

// Everything besides tensors that a resumed run needs to continue exactly
// where the interrupted one stopped, even within an epoch.
struct TrainingState {
  int64_t epoch = 0;  // the epoch under way (0-based); == epochs when done
  int64_t batch = 0;  // batches of it already trained
  int64_t step = 0;   // optimizer steps of the whole run
  RunningTotals current;
  double best_val_accuracy = -1;
  double best_val_loss = std::numeric_limits<double>::infinity();
  double best_train_loss = std::numeric_limits<double>::infinity();
  int64_t best_epoch = 0;  // 1-based, 0: none yet
  int64_t stale_validations = 0;
  int64_t nonfinite_in_a_row = 0;  // steps dropped since the last applied one
  bool stopped_early = false;
  // Data-parallel ranks that trained it: each epoch's batches depend on it.
  int world_size = 1;
  std::vector<EpochRecord> history;
  // Shape key -> "blas" | "onednn": the GEMM backends runtime.gemm: auto chose,
  // so that a resumed run computes with the same ones.
  std::map<std::string, std::string> gemm_choices;

  // Doubles are written with 17 significant digits, so they round-trip exactly.
  YAML::Node to_yaml() const;
  // `where` names the file for errors.
  static TrainingState from_yaml(const YAML::Node& node, const std::string& where);
};

// metrics.csv: epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds,grad_norm,skipped_steps,
// raw_val_loss,raw_val_accuracy
std::string metrics_csv(const std::vector<EpochRecord>& history);

// The rows of a metrics.csv text; Error naming `where` and the line when a
// row does not have the eleven columns (or the first seven or nine, as files
// written by earlier versions) or a number does not parse.
std::vector<EpochRecord> parse_metrics_csv(const std::string& text, const std::string& where);

}  // namespace sigvit
