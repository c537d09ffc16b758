#include "compare/compare_runner.h"

#include <torch/types.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "compare/report/compare_plan.h"
#include "compare/report/comparison_plots.h"
#include "compare/report/comparison_report.h"
#include "compare/report/comparison_statistics.h"
#include "compare/report/comparison_summary.h"
#include "compare/report/nested_estimates.h"
#include "compare/parallel_runs.h"
#include "compare/run_cost.h"
#include "compare/report/run_record.h"
#include "compare/report/run_selection.h"
#include "core/file_lock.h"
#include "distributed/local_launcher.h"
#include "core/text.h"
#include "data/format/dataset_reader.h"
#include "data/profile/normalization_advice.h"
#include "experiment/experiment.h"
#include "experiment/experiment_options.h"
#include "run/run_experiment.h"
#include "sigvit/error.h"

namespace fs = std::filesystem;

namespace sigvit {
namespace {

enum class RunStatus { to_train, to_resume, finished };

struct CheckedRun {
  PlannedRun run;
  LoadedConfig config;
  RunStatus status = RunStatus::to_train;
  double estimated_gflop = 0;  // of a run still to train, under --jobs (compare/run_cost.h)
};

// "line 12: `  epochs: 100` here, `  epochs: 300` now"
std::string first_difference(const std::string& saved, const std::string& wanted) {
  std::istringstream a(saved), b(wanted);
  std::string line_a, line_b;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, line_a));
    const bool more_b = static_cast<bool>(std::getline(b, line_b));
    if (!more_a && !more_b) return "";
    if (!more_a) line_a = "(end of file)";
    if (!more_b) line_b = "(end of file)";
    if (line_a != line_b) {
      return "line " + std::to_string(line) + ": `" + line_a + "` there, `" + line_b + "` now";
    }
  }
}

// Composes and checks one run: its config parses, its data set opens, its
// model builds; and a run already started in its directory used this config.
// `estimate_cost`: for --jobs, which starts the costliest runs first.
CheckedRun check_run(const PlannedRun& run, bool estimate_cost) {
  CheckedRun checked{run, compose_run_config(run)};
  if (run_finished(run.directory)) {
    checked.status = RunStatus::finished;
  } else if (fs::exists(run.directory + "/last.ckpt")) {
    checked.status = RunStatus::to_resume;
  }
  std::string wanted;
  try {
    Experiment experiment(checked.config, run.experiment);
    const std::shared_ptr<Classifier> model = experiment.build_model();
    wanted = experiment.model_card().config_yaml;
    std::optional<Experiment> pretraining;
    if (run.pretrained) {
      pretraining.emplace(compose_pretrain_config(run), run.experiment);
      pretraining->pretraining_model(pretraining->build_model());
    }
    if (estimate_cost && checked.status != RunStatus::finished) {
      checked.estimated_gflop = estimated_training_gflop(experiment, *model, pretraining ? &*pretraining : nullptr);
    }
  } catch (const Error& e) {
    throw Error("run " + run.label() + ": " + e.what());
  }
  const std::string saved_path = run.directory + "/config.yaml";
  if (checked.status != RunStatus::to_train && fs::exists(saved_path)) {
    const std::string saved = read_text_file(saved_path);
    if (saved != wanted) {
      throw Error("run " + run.label() + ": " + saved_path +
                  " differs from the config the comparison gives now (" + first_difference(saved, wanted) +
                  "); delete " + run.directory + " to train it again, or restore the comparison file");
    }
  }
  return checked;
}

const char* const run_lock_name = "/.lock";

// "finished", "being trained by pid 12 on node3 since ...", "started" or "planned".
std::string run_state(const PlannedRun& run) {
  if (run_finished(run.directory)) return "finished";
  if (!fs::exists(run.directory)) return "planned";
  std::string holder;
  if (!FileLock::try_acquire(run.directory + run_lock_name, holder)) return "being trained by " + holder;
  return fs::exists(run.directory + "/last.ckpt") ? "started" : "planned";
}

void list_runs(const ComparePlan& plan, const std::vector<size_t>& selected, std::ostream& out) {
  for (size_t position : selected) {
    const PlannedRun& run = plan.runs[position];
    out << position + 1 << '\t' << run.dataset << '\t' << run.model << "\tseed " << run.seed << '\t'
        << (run.waiting.empty() ? run_state(run) : "waiting for " + run.waiting) << '\n';
  }
}

std::string resume_command(const CompareRequest& request) {
  std::string command = "sigvit compare " + request.file;
  for (const std::string& assignment : request.overrides) command += " --set '" + assignment + "'";
  return command;
}

int threads_per_job(const CompareRequest& request) {
  if (request.threads && *request.threads > 0) return *request.threads;
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, cores / std::max(1, request.jobs * request.nproc));
}

// --nproc: the run `index` (1-based) trained by that many ranks of this
// program, each a `sigvit compare --only index`; false when interrupted.
bool launch_ranks(const CheckedRun& checked, size_t index, const CompareRequest& request, std::ostream& out) {
  LocalLaunch launch;
  launch.ranks = request.nproc;
  launch.arguments = {"sigvit", "compare", request.file, "--only", std::to_string(index), "--no-report", "--threads",
                      std::to_string(threads_per_job(request))};
  for (const std::string& assignment : request.overrides) {
    launch.arguments.push_back("--set");
    launch.arguments.push_back(assignment);
  }
  const int status = launch_local_ranks(launch, out);
  if (status == 0) return true;
  if (status == 128 + SIGINT || status == 128 + SIGTERM || status == 128 + SIGHUP) return false;
  throw Error(checked.run.label() + ": its " + std::to_string(request.nproc) + " ranks failed (exit status " +
              std::to_string(status) + "); their errors are above");
}

// A pretrained model's pretraining, in the run's pretrain/ folder, unless it
// finished before; false when interrupted. One process trains it, also when
// the run itself is trained by --nproc ranks.
bool pretrain_first(const CheckedRun& checked, const CompareRequest& request, std::ostream& out) {
  const std::string directory = checked.run.pretrain_directory();
  if (run_finished(directory)) return true;
  fs::create_directories(directory);
  RunRequest pretraining;
  pretraining.config_path = checked.run.experiment;
  pretraining.config = compose_pretrain_config(checked.run);
  pretraining.directory = directory;
  pretraining.threads = request.threads;
  pretraining.resume = fs::exists(directory + "/last.ckpt");
  pretraining.pretrain = true;
  pretraining.terminal = request.terminal;
  pretraining.resume_command = resume_command(request);
  pretraining.check_normalization = false;
  out << "masked-patch pretraining first, in " << directory << (pretraining.resume ? " (resuming)" : "") << "\n"
      << std::flush;
  return run_experiment(pretraining, out).outcome != FitOutcome::interrupted;
}

// Trains one run under its directory's lock; false when interrupted.
bool train_run(const CheckedRun& checked, size_t index, size_t total, const CompareRequest& request,
               std::ostream& out) {
  const std::string& directory = checked.run.directory;
  const bool rank_of_run = request.ranks.distributed();
  std::unique_ptr<FileLock> lock;
  if (!rank_of_run) {
    fs::create_directories(directory);
    std::string holder;
    lock = FileLock::try_acquire(directory + run_lock_name, holder);
    if (!lock) {
      out << "\n[" << index << "/" << total << "] " << checked.run.label() << ": skipped, being trained by "
          << holder << "\n" << std::flush;
      return true;
    }
    // Another process may have finished or started it since it was checked.
    if (run_finished(directory)) return true;
  }
  const bool resume = fs::exists(directory + "/last.ckpt");
  out << "\n[" << index << "/" << total << "] " << checked.run.label() << (resume ? " (resuming)" : "") << "\n"
      << std::flush;
  if (checked.run.pretrained && !rank_of_run && !pretrain_first(checked, request, out)) return false;
  if (request.nproc > 1 && !rank_of_run) return launch_ranks(checked, index, request, out);
  RunRequest run;
  run.ranks = request.ranks;
  run.config_path = checked.run.experiment;
  run.config = checked.config;
  run.directory = directory;
  run.threads = request.threads;
  run.resume = resume;
  run.terminal = request.terminal;
  run.resume_command = resume_command(request);
  run.check_normalization = false;  // warn_about_normalization did, once per data set
  return run_experiment(run, out).outcome != FitOutcome::interrupted;
}

// One warning per data file, split and normalisation among the runs to
// train, rather than one per run (run_experiment's check).
void warn_about_normalization(const std::vector<CheckedRun>& runs, std::ostream& out) {
  std::set<std::tuple<std::string, std::string, NormalizationMode>> checked;
  for (const CheckedRun& run : runs) {
    if (run.status == RunStatus::finished) continue;
    const DataOptions data = parse_experiment_options(run.config.node()).data;
    if (!checked.emplace(data.path, data.train_split, data.loader.normalization).second) continue;
    // A missing file or split is the run's own error, with its config's line.
    if (!fs::exists(data.path)) continue;
    const DatasetReader reader(data.path);
    if (!reader.has_split(data.train_split)) continue;
    if (const auto warning = check_normalization(reader, data.train_split, data.loader.normalization)) {
      out << "warning (" << run.run.dataset << "): " << *warning << "\n";
    }
  }
}

// The report of every finished run, unless another process is writing it.
void report(const ComparePlan& plan, CompareOutcome& outcome, std::ostream& out) {
  std::vector<RunRecord> records;
  for (const PlannedRun& run : plan.runs) {
    if (run_finished(run.directory)) records.push_back(read_run_record(run));
  }
  outcome.finished = records.size();
  fs::create_directories(plan.output);
  std::string holder;
  const auto lock = FileLock::try_acquire(plan.output + "/.report.lock", holder);
  if (!lock) {
    out << "\nreport not written: " << plan.output << "/report.md is being written by " << holder
        << "; run `sigvit compare " << plan.file << " --report-only` once it is done\n";
    return;
  }
  const std::vector<ModelOutcome> outcomes = summarize_runs(records, plan.datasets, plan.models);
  const RankingInput ranked = ranking_input(plan, outcomes);
  const PlotResult plots =
      draw_plots(outcomes, plan.datasets, rank_models(ranked.outcomes, ranked.datasets, ranked_models(plan)), plan.output);
  write_comparison_report(plan, records, outcomes, plots);
  outcome.report = plan.output + "/report.md";
  out << "\n" << comparison_markdown(plan, records, outcomes, plots) << "\nreport " << outcome.report
      << " (results.csv, results.json" << (plots.plots.empty() ? "" : ", plots/") << ")\n";
  if (!plots.problem.empty()) out << "warning: " << plots.problem << "\n";
}

// Runs of models with `search:` take the recipe their search chose; false
// when a search was interrupted.
bool choose_recipes(ComparePlan& plan, const CompareRequest& request, std::ostream& out) {
  const auto searched = std::find_if(plan.runs.begin(), plan.runs.end(), [](const PlannedRun& run) {
    return run.selection == RecipeSelection::on_validation_folds;
  });
  if (searched == plan.runs.end()) return true;
  if (!request.choose_recipes)
    throw Error(plan.file + ": model '" + searched->model + "' has search:, which only sigvit compare can run");
  return request.choose_recipes(plan, request, out);
}

}  // namespace

CompareOutcome run_comparison(const CompareRequest& request, std::ostream& out) {
  ComparePlan plan = read_compare_plan(request.file, request.overrides);
  CompareOutcome outcome;
  outcome.planned = plan.runs.size();
  if (!choose_recipes(plan, request, out)) {
    outcome.interrupted = true;
    return outcome;
  }
  std::vector<size_t> selected = select_runs(plan.runs.size(), request.only, request.shard);
  if (request.list) {
    list_runs(plan, selected, out);
    return outcome;
  }
  if (request.jobs < 1) throw Error("--jobs: expected 1 or more, got " + std::to_string(request.jobs));
  // A run whose recipe is not chosen yet has no config to check.
  const auto waits = [&](size_t position) { return !plan.runs[position].waiting.empty(); };
  outcome.waiting = static_cast<size_t>(std::count_if(selected.begin(), selected.end(), waits));
  selected.erase(std::remove_if(selected.begin(), selected.end(), waits), selected.end());
  std::vector<CheckedRun> runs;
  size_t finished = 0, to_resume = 0;
  for (size_t position : selected) {
    runs.push_back(check_run(plan.runs[position], !request.report_only && request.jobs > 1));
    finished += runs.back().status == RunStatus::finished;
    to_resume += runs.back().status == RunStatus::to_resume;
  }
  out << "compare " << plan.name << ": " << plan.datasets.size() << " data set(s) x " << plan.models.size()
      << " model(s) x " << plan.seeds.size() << " seed(s) = " << plan.runs.size() << " runs";
  if (selected.size() < plan.runs.size()) out << ", " << selected.size() << " of them here";
  out << "; " << finished << " finished, " << to_resume << " to resume, " << runs.size() - finished - to_resume
      << " to train";
  if (outcome.waiting > 0) out << ", " << outcome.waiting << " waiting for their recipe search";
  out << "\noutput " << plan.output << "/\n"
      << std::flush;

  if (!request.report_only) warn_about_normalization(runs, out);
  if (!request.report_only && request.jobs > 1) {
    std::vector<ChildRun> children;
    for (size_t i = 0; i < runs.size(); ++i) {
      if (runs[i].status == RunStatus::finished) continue;
      children.push_back(
          ChildRun{selected[i], runs[i].run.label(), runs[i].run.directory, runs[i].estimated_gflop});
    }
    const ParallelOutcome parallel = train_in_parallel(
        children, request.jobs, ChildCommand{request.executable, request.file, request.overrides, threads_per_job(request), request.nproc},
        out);
    outcome.interrupted = parallel.interrupted;
    outcome.failed = parallel.failed;
  } else if (!request.report_only) {
    for (size_t i = 0; i < runs.size(); ++i) {
      if (runs[i].status == RunStatus::finished) continue;
      if (!train_run(runs[i], selected[i] + 1, plan.runs.size(), request, out)) {
        outcome.interrupted = true;
        break;
      }
    }
  }
  if (request.write_report) report(plan, outcome, out);
  return outcome;
}

}  // namespace sigvit
