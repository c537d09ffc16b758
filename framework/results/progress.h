#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>

#include "results/training_state.h"

namespace sigvit {

// Training progress for a person watching: on a terminal one line redrawn in
// place (epoch, bar, samples/s, loss, accuracy, ETA); elsewhere (a log file, CI)
// a line every `quiet_seconds`. Each finished epoch gets a line of its own.
class ProgressReporter {
 public:
  // Accuracies are shown where there are any: a model that scores itself
  // without classes (pretraining) gets lines with the loss alone.
  ProgressReporter(std::ostream& out, bool terminal, int64_t epochs, int64_t batches_per_epoch);

  // After each step: the epoch's running totals and batches done in it.
  void step(int64_t epoch, int64_t batch, const RunningTotals& totals);
  void epoch_done(const EpochRecord& record);

 private:
  std::ostream& out_;
  bool terminal_;
  int64_t epochs_;
  int64_t batches_per_epoch_;
  std::chrono::steady_clock::time_point last_print_;
  double quiet_seconds_ = 30;
};

// "1:05:03" or "4:07".
std::string format_duration(double seconds);

}  // namespace sigvit
