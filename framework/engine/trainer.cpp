#include "engine/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/atomic_file.h"
#include "engine/classification_loss.h"
#include "engine/evaluator.h"
#include "engine/model_selection.h"
#include "engine/optimizer_factory.h"
#include "engine/train_step.h"
#include "runtime/gemm_backend.h"
#include "runtime/interrupt.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// None when the model scored itself and no case got a predicted class.
std::optional<double> accuracy_of(const Evaluation& evaluation) {
  if (evaluation.confusion.total() == 0) return std::nullopt;
  return evaluation.accuracy();
}

}  // namespace

Trainer::Trainer(Classifier& model, const TrainOptions& options, BatchLoader& train, BatchLoader* validation,
                 torch::Device device, RunFiles files)
    : model_(model),
      options_(options),
      train_(train),
      validation_(validation),
      device_(device),
      precision_(choose_precision(options.precision, "train.precision", detect_cpu_features())),
      selection_(parse_selection(options.select, validation != nullptr, "train.select")),
      files_(std::move(files)),
      optimizer_(build_optimizer(model, options.optimizer, &lr_scales_)),
      schedule_(options.schedule, options.optimizer.lr, train.batches_per_epoch(), options.epochs) {
  if (options.ema.enabled()) average_.emplace(model, options.ema);
}

void Trainer::distribute(GradientReducer& reducer) {
  reducer_ = &reducer;
  reducer.synchronise_batchnorm = options_.sync_batchnorm;
  state_.world_size = reducer.communicator().world_size();
}

void Trainer::resume(const std::string& checkpoint) {
  const int world_size = state_.world_size;
  state_ = read_checkpoint(checkpoint).state;
  if (state_.world_size != world_size) {
    throw Error("checkpoint '" + checkpoint + "' was trained by " + std::to_string(state_.world_size) +
                " data-parallel rank" + (state_.world_size == 1 ? "" : "s") + " and this run has " +
                std::to_string(world_size) + "; the order of batches depends on it, so resume with --nproc " +
                std::to_string(state_.world_size) + " (or that many ranks of your launcher)");
  }
  // Rank 0 saved the epoch's totals over all ranks; the others start theirs afresh.
  if (reducer_ && !reducer_->communicator().first()) {
    state_.current.loss_sum = 0;
    state_.current.correct = 0;
    state_.current.cases = 0;
    state_.current.classified_cases = 0;
  }
  GemmPlan::process().adopt(state_.gemm_choices);
  load_checkpoint_weights(checkpoint, model_, optimizer_.get());
  if (!average_) return;
  const std::optional<WeightAverageRecord> record = read_weight_average(checkpoint);
  if (!record) {
    throw Error("checkpoint '" + checkpoint +
                "' holds no weight average, so it was written without train.ema and cannot resume this run");
  }
  average_->restore(*record, "checkpoint '" + checkpoint + "'");
}

bool Trainer::done() const { return state_.stopped_early || state_.epoch >= options_.epochs; }

void Trainer::train_step(const Batch& batch) {
  set_learning_rate(*optimizer_, schedule_.at(state_.step), lr_scales_);
  const StepResult result =
      take_optimizer_step(model_, *optimizer_, batch, {options_.label_smoothing, options_.class_weights}, options_.grad_clip,
                          precision_, reducer_);
  if (!result.applied) {
    ++state_.current.skipped_steps;
    ++state_.nonfinite_in_a_row;
    if (options_.nonfinite == "stop" || state_.nonfinite_in_a_row >= options_.nonfinite_limit) {
      throw_nonfinite(result);
    }
    ++state_.batch;
    ++state_.step;
    return;
  }
  state_.nonfinite_in_a_row = 0;
  if (average_) average_->update();
  state_.current.grad_norm_sum += result.grad_norm;
  ++state_.current.applied_steps;
  const int64_t cases = batch.y.size(0);
  state_.current.loss_sum += result.loss.item<double>() * static_cast<double>(cases);
  state_.current.cases += cases;
  if (result.logits.defined()) {
    state_.current.correct += count_correct(result.logits, batch);
    state_.current.classified_cases += cases;
  }
  ++state_.batch;
  ++state_.step;
}

FitOutcome Trainer::fit() {
  model_.train();
  if (reducer_) reducer_->broadcast_state();
  try {
    return fit_epochs();
  } catch (...) {
    // The staged checkpoints are of the last completed epoch, finite and
    // whole. Failing to write them must not hide the error that ended the fit.
    try {
      write_staged();
    } catch (const Error&) {
    }
    throw;
  }
}

FitOutcome Trainer::fit_epochs() {
  while (!done()) {
    train_.start_epoch(state_.epoch, state_.batch);
    while (true) {
      const auto wait_start = Clock::now();
      std::optional<Batch> next = train_.next();
      const double waited = seconds_since(wait_start);
      time_.data_wait += waited;
      if (!next) break;
      const auto step_start = Clock::now();
      const Batch batch = to_device(std::move(*next), device_);
      // The ranks learn of a stop request with the step's gradients, so all stop after the same step.
      if (reducer_) reducer_->request_stop(InterruptGuard::requested());
      train_step(batch);
      const double computed = seconds_since(step_start);
      time_.compute += computed;
      if (reducer_) time_.communication = reducer_->seconds_communicating();
      state_.current.seconds += waited + computed;
      if (step_observer_) step_observer_(state_);
      if (reducer_ ? reducer_->stop_requested() : InterruptGuard::requested()) {
        sum_totals_over_ranks();
        stage_last();  // mid-epoch: the resume continues from this step
        write_staged();
        return FitOutcome::interrupted;
      }
    }
    finish_epoch();
  }
  return FitOutcome::finished;
}

void Trainer::sum_totals_over_ranks() {
  if (!reducer_) return;
  RunningTotals& totals = state_.current;
  torch::Tensor sums = torch::tensor({totals.loss_sum, totals.correct, static_cast<double>(totals.cases),
                                      static_cast<double>(totals.classified_cases)},
                                     torch::kFloat64);
  std::vector<torch::Tensor> tensors{sums};
  reducer_->communicator().all_reduce_sum(tensors);
  totals.loss_sum = sums[0].item<double>();
  totals.correct = sums[1].item<double>();
  totals.cases = static_cast<int64_t>(sums[2].item<double>());
  totals.classified_cases = static_cast<int64_t>(sums[3].item<double>());
}

void Trainer::finish_epoch() {
  sum_totals_over_ranks();
  EpochRecord record;
  record.epoch = state_.epoch + 1;
  record.lr = schedule_.at(std::max<int64_t>(state_.step - 1, 0));  // of the epoch's last step
  record.train_loss = state_.current.loss();
  record.train_accuracy = state_.current.accuracy();
  record.seconds = state_.current.seconds;
  record.grad_norm = state_.current.grad_norm();
  record.skipped_steps = state_.current.skipped_steps;
  const bool last_epoch = record.epoch == options_.epochs;
  const bool validated = validation_ && (record.epoch % options_.eval_interval == 0 || last_epoch);
  if (validated) {
    const Evaluation evaluation = evaluate(model_, *validation_, device_, precision_, ranks());
    time_.validation += evaluation.seconds;
    record.val_loss = evaluation.loss;
    record.val_accuracy = accuracy_of(evaluation);
    if (average_) {
      WeightAverage::Swap averaged(*average_);
      const Evaluation of_average = evaluate(model_, *validation_, device_, precision_, ranks());
      time_.validation += of_average.seconds;
      record.raw_val_loss = record.val_loss;
      record.raw_val_accuracy = record.val_accuracy;
      record.val_loss = of_average.loss;
      record.val_accuracy = accuracy_of(of_average);
    }
  }
  const bool improved = select_if_better(selection_, record, state_);
  // Patience counts validations (epochs, without validation) that did not
  // improve the selected model.
  if (validated || !validation_) {
    if (improved) {
      state_.stale_validations = 0;
    } else if (options_.patience > 0 && ++state_.stale_validations >= options_.patience) {
      state_.stopped_early = true;
    }
  }
  state_.history.push_back(record);
  ++state_.epoch;
  state_.batch = 0;
  state_.current = RunningTotals();
  if (epoch_observer_) epoch_observer_(record);

  const auto save_start = Clock::now();
  if (improved) stage_best();
  stage_last();
  if (options_.checkpoint_interval == 0 || seconds_since(last_written_) >= options_.checkpoint_interval || done()) {
    write_staged();
  }
  if (files_.writer) write_text_atomically(files_.metrics(), metrics_csv(state_.history));
  time_.checkpoints += seconds_since(save_start);
}

namespace {

// "NaN", "inf" or "-inf" (std::to_string gives "-nan" for some NaNs).
std::string nonfinite_name(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "inf" : "-inf";
}

}  // namespace

void Trainer::throw_nonfinite(const StepResult& result) const {
  const double loss = result.loss.item<double>();
  const std::string what = std::isfinite(loss) ? "the gradient norm was " + nonfinite_name(result.grad_norm)
                                               : "the loss was " + nonfinite_name(loss);
  const std::string where = "epoch " + std::to_string(state_.epoch + 1) + ", step " + std::to_string(state_.step + 1) +
                            " (batch " + std::to_string(state_.batch + 1) + " of the epoch)";
  const std::string kept = files_.writer && state_.epoch > 0
                               ? "; " + files_.last_checkpoint() + " (epoch " + std::to_string(state_.epoch) +
                                     ") and the best checkpoint are kept"
                               : "";
  throw Error("training stopped: " + what + " at " + where +
              (options_.nonfinite == "skip"
                   ? ", " + std::to_string(state_.nonfinite_in_a_row) + " such steps in a row (train.nonfinite_limit)"
                   : "") +
              "; the step was not applied and no non-finite weights were saved" + kept +
              ". Lower train.lr, set train.grad_clip, or set train.nonfinite: skip to drop such steps");
}

// A model that went non-finite another way (an overflowing update) is never
// written over a good one.
void Trainer::check_finite(const std::string& path) const {
  for (const auto& parameter : model_.parameters()) {
    if (!torch::isfinite(parameter).all().item<bool>()) {
      throw Error("training stopped at epoch " + std::to_string(state_.epoch + 1) +
                  ": the model's weights are no longer finite, so " + path + " was not written; the previous one is kept");
    }
  }
}

void Trainer::stage_best() {
  if (!files_.writer) return;
  std::optional<WeightAverage::Swap> averaged;
  if (average_) averaged.emplace(*average_);
  check_finite(files_.best_checkpoint());
  state_.gemm_choices = GemmPlan::process().choices();
  staged_best_ = serialize_checkpoint(CheckpointContent{files_.card, state_}, model_, nullptr);
}

void Trainer::stage_last() {
  if (!files_.writer) return;
  check_finite(files_.last_checkpoint());
  state_.gemm_choices = GemmPlan::process().choices();
  std::optional<WeightAverageRecord> average;
  if (average_) average = average_->record();
  staged_last_ = serialize_checkpoint(CheckpointContent{files_.card, state_}, model_, optimizer_.get(),
                                      average ? &*average : nullptr);
}

void Trainer::write_staged() {
  if (staged_best_) {
    write_checkpoint(files_.best_checkpoint(), *staged_best_);
    staged_best_.reset();
  }
  if (staged_last_) {
    write_checkpoint(files_.last_checkpoint(), *staged_last_);
    staged_last_.reset();
  }
  last_written_ = Clock::now();
}

}  // namespace sigvit
