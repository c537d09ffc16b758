#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/training_state.h"
#include "engine/evaluator.h"
#include "engine/model_benchmark.h"
#include "engine/trainer.h"
#include "runtime/kernel_choice.h"

namespace sigvit {

// What result.json records of a finished run (configs/README.md, "Run directory").
struct RunReport {
  std::string name;
  uint64_t seed = 0;
  int threads = 1;  // per rank
  int world_size = 1;
  int64_t batch_size = 0;  // per rank
  std::string device;
  std::string selection;  // train.select in effect: how best_epoch was chosen
  EmaOptions ema;         // enabled: best.ckpt holds the moving average of the weights
  KernelReport kernels;
  std::vector<std::string> class_names;
  int64_t params = 0;
  double gflops_per_sample = 0;  // forward, 2 FLOPs per multiply-accumulate
  TrainingState state;
  TimeBreakdown time;             // of this process (a resumed run: since the resume)
  double wall_seconds = 0;        // of this process
  int64_t train_cases_per_epoch = 0;  // over all ranks
  std::string train_split, validation, test_split;  // validation: as Experiment describes it
  std::optional<Evaluation> test;  // of the best checkpoint
  Timing latency;                  // batch-1 forward of the best checkpoint
};

std::string result_json(const RunReport& report);

// Accuracy, macro-F1 and a per-class table, for the terminal.
std::string format_evaluation(const std::vector<std::string>& class_names, const Evaluation& evaluation);

// The time breakdown as a table: share of wall time per activity.
std::string format_time_breakdown(const TimeBreakdown& time, double wall_seconds);

}  // namespace sigvit
