#pragma once

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "checkpoint/checkpoint.h"
#include "results/training_state.h"
#include "data/load/batch_loader.h"
#include "distributed/gradient_reducer.h"
#include "engine/lr_schedule.h"
#include "engine/model_selection.h"
#include "engine/train_options.h"
#include "engine/weight_average.h"
#include "model/api/classifier.h"
#include "runtime/precision.h"

namespace sigvit {

struct StepResult;

// Where a run's files go: the checkpoints and metrics.csv in `directory`. In a
// data-parallel run only one rank writes.
struct RunFiles {
  std::string directory;
  ModelCard card;
  bool writer = true;

  std::string last_checkpoint() const { return directory + "/last.ckpt"; }
  std::string best_checkpoint() const { return directory + "/best.ckpt"; }
  std::string metrics() const { return directory + "/metrics.csv"; }
};

// Wall time of a fit by activity, to show where a run spends it.
struct TimeBreakdown {
  double data_wait = 0;   // blocked on the loader
  double compute = 0;     // forward, backward, optimizer step
  double communication = 0;  // of compute: data-parallel all-reduces and broadcasts
  double validation = 0;
  double checkpoints = 0;  // checkpoints and metrics.csv
};

enum class FitOutcome { finished, interrupted };

// Trains any Classifier: epochs of optimizer steps on the train loader,
// validation every train.eval_interval epochs, the best checkpoint by
// train.select (validation accuracy by default) and the last one after every epoch,
// early stopping after train.patience stale validations. Under train.ema the
// weights validated, selected and written to best.ckpt are the moving
// average; last.ckpt holds both, to resume. Checkpoints are written every
// train.checkpoint_interval seconds at an epoch's end, after the last epoch,
// and when an interruption or error ends the fit; a better model found in
// between waits in memory, as does the last epoch's state. A Ctrl-C (see
// InterruptGuard) stops after the current step with a last checkpoint that
// resumes the epoch exactly where it stopped.
class Trainer {
 public:
  Trainer(Classifier& model, const TrainOptions& options, BatchLoader& train, BatchLoader* validation,
          torch::Device device, RunFiles files);

  // Called after every optimizer step, and after every epoch (validation
  // included): progress display, logging.
  void on_step(std::function<void(const TrainingState&)> observer) { step_observer_ = std::move(observer); }
  void on_epoch(std::function<void(const EpochRecord&)> observer) { epoch_observer_ = std::move(observer); }

  // Data-parallel training: every rank's trainer gets its own loaders' share
  // and a reducer over the same ranks; their steps, validations and
  // decisions then agree, and only the rank whose files are the writer
  // writes. Call before resume().
  void distribute(GradientReducer& reducer);
  // Continues the run a last checkpoint of this same configuration describes.
  void resume(const std::string& checkpoint);
  FitOutcome fit();

  const TrainingState& state() const { return state_; }
  // train.precision resolved on this machine (auto: by measurement).
  Precision precision() const { return precision_; }
  Selection selection() const { return selection_; }
  const TimeBreakdown& time() const { return time_; }

 private:
  bool done() const;
  FitOutcome fit_epochs();
  // One optimizer step, counted into state_.
  void train_step(const Batch& batch);
  void finish_epoch();
  // Training loss and accuracy of the epoch so far over all ranks.
  void sum_totals_over_ranks();
  Communicator* ranks() const { return reducer_ ? &reducer_->communicator() : nullptr; }
  // The checkpoints' bytes as of now, kept until write_staged() writes them.
  void stage_best();
  void stage_last();
  void write_staged();
  // Refuses to overwrite a checkpoint with non-finite weights.
  void check_finite(const std::string& path) const;
  [[noreturn]] void throw_nonfinite(const StepResult& result) const;

  Classifier& model_;
  TrainOptions options_;
  BatchLoader& train_;
  BatchLoader* validation_;
  torch::Device device_;
  Precision precision_;
  Selection selection_;
  RunFiles files_;
  std::function<void(const TrainingState&)> step_observer_;
  std::function<void(const EpochRecord&)> epoch_observer_;
  std::vector<double> lr_scales_;  // of the optimizer's groups (layer-wise decay)
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::optional<WeightAverage> average_;
  GradientReducer* reducer_ = nullptr;
  std::optional<std::string> staged_best_, staged_last_;
  std::chrono::steady_clock::time_point last_written_ = std::chrono::steady_clock::now();
  LrSchedule schedule_;
  TrainingState state_;
  TimeBreakdown time_;
};

}  // namespace sigvit
