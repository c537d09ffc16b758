#include "search/search_runner.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "compare/compare_runner.h"
#include "core/atomic_file.h"
#include "core/text.h"
#include "run/run_experiment.h"
#include "search/plan/leaderboard.h"
#include "search/plan/score_plots.h"
#include "search/plan/search_plan.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

std::optional<double> test_accuracy_of(const std::string& directory) {
  const std::string path = directory + "/result.json";
  if (!fs::exists(path)) return std::nullopt;
  const nlohmann::json result = nlohmann::json::parse(read_text_file(path), nullptr, false);
  if (result.is_discarded() || !result.contains("test_accuracy") || !result["test_accuracy"].is_number())
    return std::nullopt;
  return result["test_accuracy"].get<double>();
}

void write_summary(const SearchPlan& plan, const std::vector<LeaderboardRow>& rows, const std::string& final_directory,
                   std::optional<double> test_accuracy) {
  nlohmann::json json;
  json["name"] = plan.name;
  json["file"] = plan.file;
  json["experiment"] = plan.experiment;
  json["folds"] = plan.folds;
  json["fold_seed"] = plan.fold_seed;
  json["seeds"] = plan.seeds;
  json["score"] = plan.score == FoldScore::last_epoch ? "last_epoch" : "best_epoch";
  json["strategy"] = plan.random ? "random" : "grid";
  json["test_split_read_during_search"] = false;
  json["leaderboard"] = nlohmann::json::array();
  for (const LeaderboardRow& row : rows) {
    json["leaderboard"].push_back({{"candidate", row.candidate.label},
                                   {"overrides", row.candidate.overrides},
                                   {"validation_accuracy", {{"mean", row.mean}, {"std", row.std}, {"runs", row.scores}}},
                                   {"validation_loss", {{"mean", row.mean_loss}, {"runs", row.losses}}}});
  }
  json["chosen"] = rows.front().candidate.label;
  json["final"] = {{"directory", final_directory},
                   {"test_accuracy", test_accuracy ? nlohmann::json(*test_accuracy) : nlohmann::json()}};
  write_text_atomically(plan.output + "/search.json", json.dump(2) + "\n");
}

// Fold runs of rung `rung` with a result.
size_t count_finished(const SearchPlan& plan, size_t rung, const std::vector<Candidate>& candidates) {
  size_t finished = 0;
  for (const Candidate& candidate : candidates)
    for (int64_t fold = 0; fold < plan.folds; ++fold)
      for (uint64_t seed : plan.seeds) finished += fs::exists(fold_run_directory(plan, rung, candidate, fold, seed) + "/result.json");
  return finished;
}

}  // namespace

std::optional<std::vector<LeaderboardRow>> score_candidates(const SearchPlan& plan, const FoldRunOptions& options,
                                                            std::ostream& out, bool* interrupted) {
  std::vector<Candidate> alive = search_candidates(plan);
  fs::create_directories(plan.output);
  std::vector<std::vector<LeaderboardRow>> rungs;
  for (size_t rung = 0; rung < rung_count(plan); ++rung) {
    const std::string folds_file = rung_output(plan, rung) + ".yaml";
    write_text_atomically(folds_file, folds_comparison_yaml(plan, alive, rung));
    const size_t planned = alive.size() * static_cast<size_t>(plan.folds) * plan.seeds.size();
    size_t finished = count_finished(plan, rung, alive);
    // With nothing left to train the fold comparison is not checked again:
    // each process of a comparison's --jobs passes here before its run.
    if (options.list || (options.train && finished < planned)) {
      CompareRequest compare;
      compare.file = folds_file;
      compare.threads = options.threads;
      compare.jobs = options.jobs;
      compare.list = options.list;
      compare.only = options.only;
      compare.shard = options.shard;
      compare.terminal = options.terminal;
      // The leaderboard is the fold runs' report; a comparison report of
      // them (tables per fold without a test) would only repeat it.
      compare.write_report = false;
      const CompareOutcome folds = run_comparison(compare, out);
      if (interrupted) *interrupted = folds.interrupted;
      if (options.list) return std::nullopt;
      if (folds.interrupted) return std::nullopt;
      finished = count_finished(plan, rung, alive);
    }
    if (finished < planned) {
      out << "search " << plan.name << ": " << finished << " of " << planned << " fold runs of " << folds_file
          << " finished" << (options.train ? "; run it again to continue" : "") << "\n";
      return std::nullopt;
    }
    rungs.push_back(read_leaderboard(plan, rung, alive));
    if (rung + 1 == rung_count(plan)) break;
    alive.clear();
    for (size_t i = 0; i < survivors(plan, rungs.back().size()); ++i) alive.push_back(rungs.back()[i].candidate);
  }

  const std::vector<LeaderboardRow>& rows = rungs.back();
  if (!options.train) return rows;
  const std::string markdown = leaderboard_markdown(plan, rungs);
  const std::string markdown_file = plan.output + "/leaderboard.md";
  // Unchanged results are not written or plotted again.
  if (!fs::exists(markdown_file) || read_text_file(markdown_file) != markdown) {
    write_text_atomically(plan.output + "/leaderboard.csv", leaderboard_csv(rows));
    // Every candidate is scored in rung 0: the plots show the whole space.
    const std::string plot_problem = plot_scores_by_key(plan, rungs.front(), plan.output + "/plots");
    if (!plot_problem.empty()) out << "plots: " << plot_problem << "\n";
    write_text_atomically(plan.output + "/chosen.yaml", chosen_experiment_yaml(plan, rows.front().candidate));
    write_text_atomically(markdown_file, markdown);
  }
  out << "\n" << markdown;
  return rows;
}

SearchOutcome run_search(const SearchRequest& request, std::ostream& out) {
  const SearchPlan plan = read_search_plan(request.file);
  out << "search " << plan.name << ": " << search_candidates(plan).size() << " candidates x " << plan.folds
      << " folds x " << plan.seeds.size() << (plan.seeds.size() == 1 ? " seed" : " seeds")
      << (plan.rung_epochs.empty() ? "" : ", " + std::to_string(plan.rung_epochs.size()) + " rungs of halving")
      << "; the test split is not read until the chosen candidate is tested\n";

  SearchOutcome outcome;
  const auto scored = score_candidates(plan, request.runs, out, &outcome.interrupted);
  if (!scored) return outcome;
  const std::vector<LeaderboardRow>& rows = *scored;
  const std::string chosen_file = plan.output + "/chosen.yaml";
  outcome.chosen = rows.front().candidate.label;
  out << "\nchosen: " << outcome.chosen << " -> " << chosen_file << "\n";

  // The one evaluation on the test split: the winner, retrained on all of
  // the training split.
  const std::string final_directory = plan.output + "/final";
  outcome.test_accuracy = test_accuracy_of(final_directory);
  if (!outcome.test_accuracy) {
    RunRequest run;
    run.config_path = chosen_file;
    run.directory = final_directory;
    run.resume = fs::exists(final_directory + "/last.ckpt");
    run.threads = request.runs.threads;
    run.terminal = request.runs.terminal;
    const RunOutcome final_run = run_experiment(run, out);
    if (final_run.outcome != FitOutcome::finished) {
      outcome.interrupted = true;
      return outcome;
    }
    outcome.test_accuracy = final_run.test_accuracy;
  }
  write_summary(plan, rows, final_directory, outcome.test_accuracy);
  outcome.complete = true;
  out << "\nsearch " << plan.name << ": chose " << outcome.chosen << " on validation folds"
      << (outcome.test_accuracy ? ", test accuracy " + format_number("%.2f%%", 100 * *outcome.test_accuracy) : "")
      << " (tested once); " << plan.output << "/search.json\n";
  return outcome;
}

}  // namespace sigvit
