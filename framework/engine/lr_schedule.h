#pragma once

#include <cstdint>

#include "engine/train_options.h"

namespace sigvit {

// The learning rate of every optimizer step. Steps, not epochs, so that the
// warm-up is smooth even when it lasts a fraction of an epoch.
class LrSchedule {
 public:
  LrSchedule(const ScheduleOptions& options, double base_lr, int64_t steps_per_epoch, int64_t epochs);

  // The rate for step `step` (0-based) of the run.
  double at(int64_t step) const;

 private:
  ScheduleOptions options_;
  double base_lr_;
  int64_t steps_per_epoch_;
  int64_t total_steps_;
  int64_t warmup_steps_;
};

}  // namespace sigvit
