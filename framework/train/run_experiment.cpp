#include "train/run_experiment.h"

#include <torch/cuda.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "benchmark/model_benchmark.h"
#include "config/config_loader.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/text.h"
#include "runtime/interrupt.h"
#include "runtime/threads.h"
#include "summary/model_summary.h"
#include "train/experiment.h"
#include "train/progress.h"
#include "train/run_directory.h"
#include "train/run_report.h"

namespace sigvit {
namespace {

std::string describe_splits(const Experiment& experiment) {
  const ExperimentOptions& options = experiment.options();
  const DatasetReader& reader = experiment.reader();
  const DatasetInfo& info = reader.info();
  std::string text = options.data.path + ": " + to_string(info.kind) + ", " +
                     std::to_string(info.class_names.size()) + " classes; train '" + options.data.train_split +
                     "', validation " + experiment.validation_description() + ", test ";
  text += experiment.has_split(options.data.test_split) ? "'" + options.data.test_split + "'" : "none";
  return text;
}

int64_t cases_per_epoch(const BatchLoader& loader, const LoaderOptions& options) {
  if (!options.drop_last) return loader.num_cases() / options.world_size;
  return loader.batches_per_epoch() * options.batch_size;
}

}  // namespace

torch::Device resolve_device(const std::string& name) {
  const torch::Device device(name);
  if (device.is_cuda() && !torch::cuda::is_available()) {
    throw Error("device '" + name + "': this LibTorch build has no CUDA support or sees no GPU; use device: cpu");
  }
  return device;
}

RunOutcome run_experiment(const RunRequest& request, std::ostream& out) {
  const auto started = std::chrono::steady_clock::now();
  Experiment experiment(request.config ? *request.config : load_config(request.config_path, request.overrides),
                        request.config_path);
  const ExperimentOptions& options = experiment.options();
  const int threads = configure_threads(request.threads.value_or(options.threads));
  const torch::Device device = resolve_device(options.device);

  RunOutcome outcome;
  if (!request.directory.empty()) {
    outcome.directory = request.directory;
    std::filesystem::create_directories(outcome.directory);
  } else {
    outcome.directory = request.resume ? find_resumable_run(options.output) : create_run_directory(options.output);
  }
  RunFiles files{outcome.directory, experiment.model_card(), true};
  if (request.resume) {
    const CheckpointContent saved = read_checkpoint(files.last_checkpoint());
    if (saved.card.config_yaml != files.card.config_yaml) {
      throw Error("--resume: the config differs from the one " + outcome.directory +
                  " was started with; resume with that run's own " + outcome.directory + "/config.yaml");
    }
  } else {
    write_text_atomically(outcome.directory + "/config.yaml", files.card.config_yaml);
  }

  torch::manual_seed(options.seed);
  std::shared_ptr<Classifier> model = experiment.build_model();
  const ModelSummary summary = summarize(*model);
  model->to(device);
  std::unique_ptr<BatchLoader> train = experiment.train_loader();
  std::unique_ptr<BatchLoader> validation = experiment.validation_loader();

  const TrainOptions& train_options = options.train;
  char line[256];
  out << "run    " << outcome.directory << (request.resume ? " (resumed)" : "") << "  seed " << options.seed << ", "
      << threads << " thread" << (threads == 1 ? "" : "s") << ", " << device.str() << '\n';
  out << "data   " << describe_splits(experiment) << '\n';
  std::snprintf(line, sizeof line, "model  %s params, %.3f GFLOPs per sample\n",
                with_thousands(summary.total_params).c_str(), 2.0 * static_cast<double>(summary.macs) / 1e9);
  out << line;
  out << "train  " << train_options.epochs << " epochs x " << train->batches_per_epoch() << " batches of "
      << options.data.loader.batch_size << (train->streaming() ? " (streamed)" : "") << '\n'
      << std::flush;

  ProgressReporter progress(out, request.terminal, train_options.epochs, train->batches_per_epoch());
  Trainer trainer(*model, train_options, *train, validation.get(), device, files);
  trainer.on_step([&](const TrainingState& state) { progress.step(state.epoch, state.batch, state.current); });
  trainer.on_epoch([&](const EpochRecord& record) { progress.epoch_done(record); });
  if (request.resume) trainer.resume(files.last_checkpoint());

  FitOutcome fitted;
  {
    InterruptGuard guard;
    fitted = trainer.fit();
  }
  outcome.outcome = fitted;
  if (fitted == FitOutcome::interrupted) {
    out << "\ninterrupted at epoch " << trainer.state().epoch + 1 << ", batch " << trainer.state().batch
        << "; saved " << files.last_checkpoint() << "\ncontinue with: ";
    if (!request.resume_command.empty()) {
      out << request.resume_command << '\n';
      return outcome;
    }
    out << "sigvit run " << request.config_path;
    // --resume refuses a changed config, so the hint repeats the overrides.
    for (const std::string& override_text : request.overrides) out << " --set '" << override_text << "'";
    out << " --resume\n";
    return outcome;
  }

  RunReport report;
  report.name = options.name;
  report.seed = options.seed;
  report.threads = threads;
  report.device = device.str();
  report.class_names = files.card.class_names;
  report.params = summary.total_params;
  report.gflops_per_sample = 2.0 * static_cast<double>(summary.macs) / 1e9;
  report.state = trainer.state();
  report.time = trainer.time();
  report.train_cases_per_epoch = cases_per_epoch(*train, options.data.loader);
  report.train_split = options.data.train_split;
  report.validation = experiment.validation_description();
  report.test_split = options.data.test_split;
  if (experiment.has_split(options.data.test_split)) {
    load_checkpoint_weights(files.best_checkpoint(), *model, nullptr);
    std::unique_ptr<BatchLoader> test = experiment.split_loader(options.data.test_split);
    report.test = evaluate(*model, *test, device);
    out << "\ntest '" << options.data.test_split << "', best checkpoint (epoch " << trainer.state().best_epoch
        << " of " << trainer.state().history.size() << "):\n"
        << format_evaluation(report.class_names, *report.test);
    outcome.test_accuracy = report.test->accuracy();
  } else {
    out << "\nno test split '" << options.data.test_split << "' in " << options.data.path << ": test skipped\n";
  }
  // A few dozen batch-1 forwards: a run's result then answers "how fast does
  // it answer one request" without a separate benchmark.
  report.latency = measure_latency(*model, BenchmarkOptions{1, 20, 3}, device);
  std::snprintf(line, sizeof line, "batch-1 latency %.2f ms (median of 20 forwards; p10 %.2f, p90 %.2f)\n",
                report.latency.median_ms, report.latency.p10_ms, report.latency.p90_ms);
  out << line;
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  write_text_atomically(outcome.directory + "/result.json", result_json(report));
  out << "\nwall time " << format_duration(report.wall_seconds) << ":\n"
      << format_time_breakdown(report.time, report.wall_seconds) << "results in " << outcome.directory
      << "/ (config.yaml, metrics.csv, result.json, best.ckpt, last.ckpt)\n";
  return outcome;
}

}  // namespace sigvit
