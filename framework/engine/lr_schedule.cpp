#include "engine/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace sigvit {

LrSchedule::LrSchedule(const ScheduleOptions& options, double base_lr, int64_t steps_per_epoch, int64_t epochs)
    : options_(options),
      base_lr_(base_lr),
      steps_per_epoch_(std::max<int64_t>(steps_per_epoch, 1)),
      total_steps_(steps_per_epoch_ * epochs),
      warmup_steps_(static_cast<int64_t>(std::llround(options.warmup_epochs * static_cast<double>(steps_per_epoch_)))) {}

double LrSchedule::at(int64_t step) const {
  // Step 0 of a warm-up already gets a small rate: a zero rate would waste a step.
  if (step < warmup_steps_) return base_lr_ * static_cast<double>(step + 1) / static_cast<double>(warmup_steps_);
  switch (options_.kind) {
    case ScheduleKind::constant:
      return base_lr_;
    case ScheduleKind::step: {
      const double epoch = static_cast<double>(step) / static_cast<double>(steps_per_epoch_);
      return base_lr_ * std::pow(options_.gamma, std::floor(epoch / options_.step_epochs));
    }
    case ScheduleKind::cosine: {
      const int64_t decay_steps = std::max<int64_t>(total_steps_ - warmup_steps_, 1);
      const double progress = std::min(1.0, static_cast<double>(step - warmup_steps_) / static_cast<double>(decay_steps));
      return options_.min_lr + 0.5 * (base_lr_ - options_.min_lr) * (1.0 + std::cos(M_PI * progress));
    }
  }
  return base_lr_;
}

}  // namespace sigvit
