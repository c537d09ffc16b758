#include "compare/run_cost.h"

#include "experiment/experiment.h"
#include "summary/model_summary.h"

namespace sigvit {
namespace {

double epochs_of_cases(const Experiment& experiment) {
  return static_cast<double>(experiment.options().train.epochs) * static_cast<double>(experiment.train_case_count());
}

}  // namespace

double estimated_training_gflop(const Experiment& experiment, Classifier& model, const Experiment* pretraining) {
  const double forward_gflop_per_sample = 2.0 * static_cast<double>(summarize(model).macs) / 1e9;
  double sample_passes = epochs_of_cases(experiment);
  if (pretraining) sample_passes += epochs_of_cases(*pretraining);
  return 3.0 * forward_gflop_per_sample * sample_passes;
}

}  // namespace sigvit
