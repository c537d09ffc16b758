#include "search/search_runner.h"

#include <nlohmann/json.hpp>

#include <filesystem>

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
  json["strategy"] = plan.random ? "random" : "grid";
  json["test_split_read_during_search"] = false;
  json["leaderboard"] = nlohmann::json::array();
  for (const LeaderboardRow& row : rows) {
    json["leaderboard"].push_back({{"candidate", row.candidate.label},
                                   {"overrides", row.candidate.overrides},
                                   {"validation_accuracy", {{"mean", row.mean}, {"std", row.std}, {"runs", row.scores}}}});
  }
  json["chosen"] = rows.front().candidate.label;
  json["final"] = {{"directory", final_directory},
                   {"test_accuracy", test_accuracy ? nlohmann::json(*test_accuracy) : nlohmann::json()}};
  write_text_atomically(plan.output + "/search.json", json.dump(2) + "\n");
}

}  // namespace

SearchOutcome run_search(const SearchRequest& request, std::ostream& out) {
  const SearchPlan plan = read_search_plan(request.file);
  std::vector<Candidate> alive = search_candidates(plan);
  fs::create_directories(plan.output);
  out << "search " << plan.name << ": " << alive.size() << " candidates x " << plan.folds << " folds x "
      << plan.seeds.size() << (plan.seeds.size() == 1 ? " seed" : " seeds")
      << (plan.rung_epochs.empty() ? "" : ", " + std::to_string(plan.rung_epochs.size()) + " rungs of halving")
      << "; the test split is not read until the chosen candidate is tested\n";

  SearchOutcome outcome;
  std::vector<std::vector<LeaderboardRow>> rungs;
  for (size_t rung = 0; rung < rung_count(plan); ++rung) {
    const std::string folds_file = rung_output(plan, rung) + ".yaml";
    write_text_atomically(folds_file, folds_comparison_yaml(plan, alive, rung));
    CompareRequest compare;
    compare.file = folds_file;
    compare.threads = request.threads;
    compare.jobs = request.jobs;
    compare.list = request.list;
    compare.only = request.only;
    compare.shard = request.shard;
    compare.terminal = request.terminal;
    const CompareOutcome folds = run_comparison(compare, out);
    outcome.interrupted = folds.interrupted;
    if (request.list || folds.interrupted || folds.finished < folds.planned) {
      if (!request.list)
        out << "search " << plan.name << ": " << folds.finished << " of " << folds.planned << " fold runs of "
            << folds_file << " finished; run sigvit search again to continue\n";
      return outcome;
    }
    rungs.push_back(read_leaderboard(plan, rung, alive));
    if (rung + 1 == rung_count(plan)) break;
    alive.clear();
    for (size_t i = 0; i < survivors(plan, rungs.back().size()); ++i) alive.push_back(rungs.back()[i].candidate);
  }

  const std::vector<LeaderboardRow>& rows = rungs.back();
  write_text_atomically(plan.output + "/leaderboard.md", leaderboard_markdown(plan, rungs));
  write_text_atomically(plan.output + "/leaderboard.csv", leaderboard_csv(rows));
  // Every candidate is scored in rung 0: the plots show the whole space.
  const std::string plot_problem = plot_scores_by_key(plan, rungs.front(), plan.output + "/plots");
  if (!plot_problem.empty()) out << "plots: " << plot_problem << "\n";
  const std::string chosen_file = plan.output + "/chosen.yaml";
  write_text_atomically(chosen_file, chosen_experiment_yaml(plan, rows.front().candidate));
  outcome.chosen = rows.front().candidate.label;
  out << "\n" << leaderboard_markdown(plan, rungs) << "\nchosen: " << outcome.chosen << " -> " << chosen_file << "\n";

  // The one evaluation on the test split: the winner, retrained on all of
  // the training split.
  const std::string final_directory = plan.output + "/final";
  outcome.test_accuracy = test_accuracy_of(final_directory);
  if (!outcome.test_accuracy) {
    RunRequest run;
    run.config_path = chosen_file;
    run.directory = final_directory;
    run.resume = fs::exists(final_directory + "/last.ckpt");
    run.threads = request.threads;
    run.terminal = request.terminal;
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
