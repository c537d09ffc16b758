#include "run/run_experiment.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "config/config_loader.h"
#include "core/atomic_file.h"
#include "core/text.h"
#include "distributed/gloo_communicator.h"
#include "distributed/gradient_reducer.h"
#include "engine/model_benchmark.h"
#include "experiment/experiment.h"
#include "results/progress.h"
#include "run/run_directory.h"
#include "run/run_report.h"
#include "runtime/device.h"
#include "runtime/gemm_backend.h"
#include "runtime/interrupt.h"
#include "runtime/kernel_choice.h"
#include "runtime/threads.h"
#include "sigvit/error.h"
#include "summary/model_summary.h"

namespace sigvit {
namespace {

std::string describe_splits(const Experiment& experiment) {
  const ExperimentOptions& options = experiment.options();
  const DatasetReader& reader = experiment.reader();
  const DatasetInfo& info = reader.info();
  std::string text = options.data.path + ": " + to_string(info.kind) + ", " +
                     std::to_string(info.class_names.size()) + " classes; train '" + options.data.train_split + "'";
  if (options.data.label_fraction < 1.0) {
    text += " (data.label_fraction " + format_number("%g", options.data.label_fraction) + ": " +
            std::to_string(experiment.train_case_count()) + " cases)";
  }
  text += ", validation " + experiment.validation_description() + ", test ";
  text += experiment.has_test() ? experiment.test_description() : "none";
  return text;
}

// Over all ranks.
int64_t cases_per_epoch(const BatchLoader& loader, const LoaderOptions& options, int world_size) {
  if (!options.drop_last) return loader.num_cases();
  return loader.batches_per_epoch() * options.batch_size * world_size;
}


}  // namespace

namespace {

// What a run works with once its config is read and the machine is set up.
struct RunSetup {
  int threads = 1;
  torch::Device device{torch::kCPU};
  RunFiles files;
  KernelReport kernels = report_kernels();
  std::unique_ptr<Communicator> ranks;  // data-parallel runs only
};

// Intra-op threads of one rank: by default the cores shared among the ranks of this host.
int threads_per_rank(const RunRequest& request, const ExperimentOptions& options) {
  int requested = request.threads.value_or(options.threads);
  if (requested <= 0 && request.ranks.distributed()) requested = request.ranks.cores_per_rank();
  return configure_threads(requested);
}

// Opens the run directory (fresh, given, or the newest unfinished one to
// resume). A resumed run must have been started with the same config; a fresh
// one gets config.yaml.
// In a data-parallel run rank 0 chooses the directory and tells the others.
RunFiles open_run_directory(const RunRequest& request, const Experiment& experiment, Communicator* ranks) {
  const bool writer = ranks == nullptr || ranks->first();
  std::string directory = request.directory;
  if (writer) {
    if (!directory.empty()) {
      std::filesystem::create_directories(directory);
    } else {
      const std::string& output = experiment.options().output;
      directory = request.resume ? find_resumable_run(output) : create_run_directory(output);
    }
  }
  if (ranks) directory = ranks->share("run_directory", directory);
  RunFiles files{directory, experiment.model_card(), writer};
  if (request.resume) {
    const CheckpointContent saved = read_checkpoint(files.last_checkpoint());
    if (saved.card.config_yaml != files.card.config_yaml) {
      throw Error("--resume: the config differs from the one " + directory +
                  " was started with; resume with that run's own " + directory + "/config.yaml");
    }
    files.card.initial_weights = saved.card.initial_weights;
  } else if (writer) {
    write_text_atomically(directory + "/config.yaml", files.card.config_yaml);
  }
  return files;
}

void print_header(std::ostream& out, const RunRequest& request, const Experiment& experiment, const RunSetup& setup,
                  const ModelSummary& summary, const BatchLoader& train) {
  const ExperimentOptions& options = experiment.options();
  char line[256];
  out << "run    " << setup.files.directory << (request.resume ? " (resumed)" : "") << "  seed " << options.seed
      << ", " << setup.threads << " thread" << (setup.threads == 1 ? "" : "s") << ", " << setup.device.str() << '\n';
  out << "kernels " << setup.kernels.describe() << '\n';
  out << "data   " << describe_splits(experiment) << '\n';
  std::snprintf(line, sizeof line, "model  %s params, %.3f GFLOPs per sample\n",
                with_thousands(summary.total_params).c_str(), 2.0 * static_cast<double>(summary.macs) / 1e9);
  out << line;
  out << "train  " << options.train.epochs << " epochs x " << train.batches_per_epoch() << " batches of "
      << options.data.loader.batch_size;
  if (request.ranks.distributed()) {
    out << " per rank x " << request.ranks.world_size << " ranks (global batch "
        << options.data.loader.batch_size * request.ranks.world_size << ")";
  }
  out << (train.streaming() ? " (streamed)" : "");
  if (options.data.loader.balanced) out << ", classes drawn equally often (data.sampler: balanced)";
  if (!options.train.class_weights.empty()) {
    std::vector<std::string> weights;
    for (double weight : options.train.class_weights) weights.push_back(format_number("%.3g", weight));
    out << ", class weights " << join(weights, " ") << (options.train.class_weights_auto ? " (auto)" : "");
  }
  out << '\n' << std::flush;
}

// Trains with progress on `out`; Ctrl-C ends the fit with a checkpoint.
FitOutcome fit(Trainer& trainer, const RunRequest& request, const Experiment& experiment, const BatchLoader& train,
               const RunFiles& files, std::ostream& out) {
  const TrainOptions& options = experiment.options().train;
  ProgressReporter progress(out, request.terminal, options.epochs, train.batches_per_epoch());
  trainer.on_step([&](const TrainingState& state) { progress.step(state.epoch, state.batch, state.current); });
  trainer.on_epoch([&](const EpochRecord& record) { progress.epoch_done(record); });
  if (request.resume) trainer.resume(files.last_checkpoint());
  InterruptGuard guard;
  return trainer.fit();
}

void print_resume_hint(std::ostream& out, const RunRequest& request, const TrainingState& state,
                       const RunFiles& files) {
  out << "\ninterrupted at epoch " << state.epoch + 1 << ", batch " << state.batch << "; saved "
      << files.last_checkpoint() << "\ncontinue with: ";
  if (!request.resume_command.empty()) {
    out << request.resume_command << '\n';
    return;
  }
  out << "sigvit run " << request.config_path;
  // --resume refuses a changed config, so the hint repeats the overrides.
  for (const std::string& override_text : request.overrides) out << " --set '" << override_text << "'";
  // The order of batches depends on the number of ranks, so a resume needs as many.
  if (request.ranks.distributed()) out << " --nproc " << request.ranks.world_size;
  out << " --resume\n";
}

int request_world_size(const RunSetup& setup) { return setup.ranks ? setup.ranks->world_size() : 1; }

// What result.json says of the run itself, before testing.
RunReport describe_run(const Experiment& experiment, const RunSetup& setup, const ModelSummary& summary,
                       const Trainer& trainer, const BatchLoader& train) {
  const ExperimentOptions& options = experiment.options();
  RunReport report;
  report.name = options.name;
  report.seed = options.seed;
  report.threads = setup.threads;
  report.world_size = request_world_size(setup);
  report.batch_size = options.data.loader.batch_size;
  report.device = setup.device.str();
  report.kernels = setup.kernels;
  report.selection = to_string(trainer.selection());
  report.ema = options.train.ema;
  report.kernels.gemm_choices = GemmPlan::process().choices();
  report.class_names = setup.files.card.class_names;
  report.params = summary.total_params;
  report.gflops_per_sample = 2.0 * static_cast<double>(summary.macs) / 1e9;
  report.state = trainer.state();
  report.time = trainer.time();
  report.train_cases_per_epoch = cases_per_epoch(train, options.data.loader, report.world_size);
  report.train_split = options.data.train_split;
  report.validation = experiment.validation_description();
  const CrossValidation& outer = options.data.outer_cv;
  report.test_split = outer.enabled() ? options.data.train_split + ", outer fold " + std::to_string(outer.fold) + " of " +
                                            std::to_string(outer.folds)
                                      : options.data.test_split;
  return report;
}

// What pretraining means unless the config says otherwise: the last epoch's
// model (the masked-patch papers keep it), in a run directory of its own.
void set_pretraining_defaults(LoadedConfig& config) {
  YAML::Node root = config.root;
  if (!root["train"] || !root["train"]["select"]) root["train"]["select"] = "last";
  if (!root["output"] && root["name"] && root["name"].IsScalar()) {
    root["output"] = "runs/" + root["name"].as<std::string>() + "_pretrain";
  }
}

// The best checkpoint on the test split (when the data set has one), then its
// batch-1 latency: a few dozen forwards, so that a run's result answers "how
// fast does it answer one request" without a separate benchmark.
void test_best_checkpoint(Classifier& model, const Experiment& experiment, const RunSetup& setup,
                          GradientReducer* reducer, Precision precision, RunReport& report, std::ostream& out) {
  const DataOptions& data = experiment.options().data;
  if (experiment.has_test()) {
    // Rank 0 reads best.ckpt and sends its weights: the other ranks need not
    // see rank 0's disk.
    if (setup.files.writer) load_checkpoint_weights(setup.files.best_checkpoint(), model, nullptr);
    if (reducer) reducer->broadcast_state();
    const int64_t rank = setup.ranks ? setup.ranks->rank() : 0;
    std::unique_ptr<BatchLoader> test = experiment.test_loader(rank, request_world_size(setup));
    report.test = evaluate(model, *test, setup.device, precision, setup.ranks.get());
    out << "\ntest " << experiment.test_description() << ", best checkpoint (epoch " << report.state.best_epoch << " of "
        << report.state.history.size() << "):\n"
        << format_evaluation(report.class_names, *report.test);
  } else if (data.cv.enabled()) {
    out << "\ncross-validation fold " << data.cv.fold << " of " << data.cv.folds << ": the test split is not read\n";
  } else {
    out << "\nno test split '" << data.test_split << "' in " << data.path << ": test skipped\n";
  }
  if (!setup.files.writer) return;
  report.latency = measure_latency(model, BenchmarkOptions{1, 20, 3, precision}, setup.device);
  char line[256];
  std::snprintf(line, sizeof line, "batch-1 latency %.2f ms (median of 20 forwards; p10 %.2f, p90 %.2f)\n",
                report.latency.median_ms, report.latency.p10_ms, report.latency.p90_ms);
  out << line;
}

}  // namespace

RunOutcome run_experiment(const RunRequest& request, std::ostream& terminal) {
  const auto started = std::chrono::steady_clock::now();
  LoadedConfig config = request.config ? *request.config : load_config(request.config_path, request.overrides);
  if (request.pretrain) set_pretraining_defaults(config);
  Experiment experiment(std::move(config), request.config_path);
  const ExperimentOptions& options = experiment.options();
  // Ranks other than 0 print nothing: a stream never opened discards all.
  std::ofstream silent;
  std::ostream& out = request.ranks.rank == 0 ? terminal : silent;
  RunSetup setup;
  setup.threads = threads_per_rank(request, options);
  setup.device = resolve_device(options.device);
  if (request.ranks.distributed()) setup.ranks = connect_ranks(request.ranks);
  setup.files = open_run_directory(request, experiment, setup.ranks.get());
  const int64_t rank = request.ranks.rank;
  const int64_t world_size = request_world_size(setup);

  GemmPlan::process().set_policy(parse_gemm_backend(options.gemm, "runtime.gemm"));
  torch::manual_seed(options.seed);
  std::shared_ptr<Classifier> model = experiment.build_model();
  // A resumed run continues from its own weights; other ranks get rank 0's.
  std::optional<ImportReport> imported;
  if (!request.resume && setup.files.writer) imported = experiment.import_pretrained(*model);
  if (imported) setup.files.card.initial_weights = imported->path + ": " + import_summary(*imported);
  if (request.pretrain) model = experiment.pretraining_model(model);
  // Every rank starts from rank 0's weights; dropout differs per rank.
  if (rank > 0) torch::manual_seed(options.seed + 1000003ULL * static_cast<uint64_t>(rank));
  const ModelSummary summary = summarize(*model);
  model->to(setup.device);
  std::unique_ptr<BatchLoader> train = experiment.train_loader(rank, world_size);
  std::unique_ptr<BatchLoader> validation = experiment.validation_loader(rank, world_size);
  Trainer trainer(*model, options.train, *train, validation.get(), setup.device, setup.files);
  std::optional<GradientReducer> reducer;
  if (setup.ranks) {
    reducer.emplace(*setup.ranks, model->parameters(), model->buffers());
    trainer.distribute(*reducer);
  }
  setup.kernels.precision = to_string(trainer.precision());
  // Under autocast, linear layers take LibTorch's own bf16 path (dense.h).
  setup.kernels.gemm_backend = trainer.precision() == Precision::bf16 ? "libtorch autocast" : options.gemm;
  print_header(out, request, experiment, setup, summary, *train);
  if (imported) out << format_import_report(*imported);
  if (request.check_normalization) {
    if (const auto warning = experiment.normalization_warning()) out << "warning: " << *warning << "\n";
  }

  RunOutcome outcome{setup.files.directory, fit(trainer, request, experiment, *train, setup.files, out), {}};
  if (outcome.outcome == FitOutcome::interrupted) {
    print_resume_hint(out, request, trainer.state(), setup.files);
    return outcome;
  }

  RunReport report = describe_run(experiment, setup, summary, trainer, *train);
  if (request.pretrain) {
    out << "\npretrained: checkpoints in " << outcome.directory << "/ load into the ViT with model.pretrained: "
        << setup.files.best_checkpoint() << "\n";
  } else {
    test_best_checkpoint(*model, experiment, setup, reducer ? &*reducer : nullptr, trainer.precision(), report, out);
  }
  if (report.test) outcome.test_accuracy = report.test->accuracy();
  if (!setup.files.writer) return outcome;
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  write_text_atomically(outcome.directory + "/result.json", result_json(report));
  out << "\nwall time " << format_duration(report.wall_seconds) << ":\n"
      << format_time_breakdown(report.time, report.wall_seconds) << "results in " << outcome.directory
      << "/ (config.yaml, metrics.csv, result.json, best.ckpt, last.ckpt)\n";
  return outcome;
}

}  // namespace sigvit
