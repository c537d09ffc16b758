#include "compare/compare_runner.h"

#include <torch/types.h>

#include <filesystem>
#include <sstream>

#include "compare/compare_plan.h"
#include "compare/comparison_plots.h"
#include "compare/comparison_report.h"
#include "compare/comparison_summary.h"
#include "compare/run_record.h"
#include "core/text.h"
#include "experiment/experiment.h"
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
CheckedRun check_run(const PlannedRun& run) {
  CheckedRun checked{run, compose_run_config(run)};
  std::string wanted;
  try {
    Experiment experiment(checked.config, run.experiment);
    experiment.build_model();
    wanted = experiment.model_card().config_yaml;
  } catch (const Error& e) {
    throw Error("run " + run.label() + ": " + e.what());
  }
  if (run_finished(run.directory)) {
    checked.status = RunStatus::finished;
  } else if (fs::exists(run.directory + "/last.ckpt")) {
    checked.status = RunStatus::to_resume;
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

std::string resume_command(const CompareRequest& request) {
  std::string command = "sigvit compare " + request.file;
  for (const std::string& assignment : request.overrides) command += " --set '" + assignment + "'";
  return command;
}

}  // namespace

CompareOutcome run_comparison(const CompareRequest& request, std::ostream& out) {
  const ComparePlan plan = read_compare_plan(request.file, request.overrides);
  std::vector<CheckedRun> runs;
  size_t finished = 0, to_resume = 0;
  for (const PlannedRun& run : plan.runs) {
    runs.push_back(check_run(run));
    finished += runs.back().status == RunStatus::finished;
    to_resume += runs.back().status == RunStatus::to_resume;
  }
  out << "compare " << plan.name << ": " << plan.datasets.size() << " data set(s) x " << plan.models.size()
      << " model(s) x " << plan.seeds.size() << " seed(s) = " << runs.size() << " runs; " << finished
      << " finished, " << to_resume << " to resume, " << runs.size() - finished - to_resume << " to train\n"
      << "output " << plan.output << "/\n"
      << std::flush;

  CompareOutcome outcome;
  outcome.planned = runs.size();
  if (!request.report_only) {
    size_t index = 0;
    for (const CheckedRun& checked : runs) {
      ++index;
      if (checked.status == RunStatus::finished) continue;
      out << "\n[" << index << "/" << runs.size() << "] " << checked.run.label()
          << (checked.status == RunStatus::to_resume ? " (resuming)" : "") << "\n"
          << std::flush;
      RunRequest run;
      run.config_path = checked.run.experiment;
      run.config = checked.config;
      run.directory = checked.run.directory;
      run.threads = request.threads;
      run.resume = checked.status == RunStatus::to_resume;
      run.terminal = request.terminal;
      run.resume_command = resume_command(request);
      if (run_experiment(run, out).outcome == FitOutcome::interrupted) {
        outcome.interrupted = true;
        break;
      }
    }
  }

  std::vector<RunRecord> records;
  for (const PlannedRun& run : plan.runs) {
    if (run_finished(run.directory)) records.push_back(read_run_record(run));
  }
  outcome.finished = records.size();
  const std::vector<ModelOutcome> outcomes = summarize_runs(records, plan.datasets, plan.models);
  fs::create_directories(plan.output);
  const PlotResult plots = draw_plots(outcomes, plan.datasets, plan.output);
  write_comparison_report(plan, records, outcomes, plots);
  outcome.report = plan.output + "/report.md";
  out << "\n" << comparison_markdown(plan, records, outcomes, plots) << "\nreport " << outcome.report
      << " (results.csv, results.json" << (plots.plots.empty() ? "" : ", plots/") << ")\n";
  if (!plots.problem.empty()) out << "warning: " << plots.problem << "\n";
  return outcome;
}

}  // namespace sigvit
