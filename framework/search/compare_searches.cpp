#include "search/compare_searches.h"

#include <filesystem>
#include <map>
#include <sstream>

#include "core/text.h"
#include "search/plan/search_plan.h"
#include "search/search_runner.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

std::string chosen_text(const SearchPlan& search, const LeaderboardRow& best) {
  const size_t runs = best.scores.size();
  return best.candidate.label + ", validation accuracy at the " +
         (search.score == FoldScore::last_epoch ? "last" : "best") + " epoch " + format_number("%.1f", 100 * best.mean) +
         format_number(" ± %.1f%%", 100 * best.std) + " over " + std::to_string(search.folds) + " folds" +
         (search.seeds.size() > 1 ? " x " + std::to_string(search.seeds.size()) + " seeds" : "") + " (" +
         std::to_string(runs) + " runs; " + search.output + "/leaderboard.md)";
}

}  // namespace

SearchPlan search_for_run(const ComparePlan& plan, const PlannedRun& run) {
  SearchBase base;
  base.name = plan.name + "-" + run.dataset + "-" + run.model;
  base.experiment = run.experiment;
  base.model_config = run.model_config;
  for (const PlannedOverride& item : run.overrides) base.set.push_back(item.assignment);
  for (const auto& [recipe, overrides] : run.recipe_overrides)
    for (const PlannedOverride& item : overrides) base.recipe_set[recipe].push_back(item.assignment);
  base.output = (fs::path(plan.output) / "search" / run.dataset / run.model).string();
  return read_model_search(plan.file, run.model_entry, base);
}

bool choose_searched_recipes(ComparePlan& plan, const CompareRequest& request, std::ostream& out) {
  FoldRunOptions options;
  options.threads = request.threads;
  options.jobs = request.jobs;
  options.terminal = request.terminal;
  // Shards and --only processes train fold runs too, sharing them through
  // their locks; the processes of --jobs find the searches finished.
  options.train = !request.list && !request.report_only && !request.ranks.distributed();
  // One search per data set and model; every seed's run takes its choice.
  std::map<std::pair<std::string, std::string>, std::vector<PlannedRun*>> cells;
  std::vector<std::pair<std::string, std::string>> order;
  for (PlannedRun& run : plan.runs) {
    if (run.selection != RecipeSelection::on_validation_folds) continue;
    auto& runs = cells[{run.dataset, run.model}];
    if (runs.empty()) order.emplace_back(run.dataset, run.model);
    runs.push_back(&run);
  }
  for (const auto& cell : order) {
    std::vector<PlannedRun*>& runs = cells[cell];
    const SearchPlan search = search_for_run(plan, *runs.front());
    if (options.train)
      out << "\nsearch for " << cell.second << " on " << cell.first << ": " << search_candidates(search).size()
          << " candidates x " << search.folds << " folds of the training split; its test split is not read\n";
    std::ostringstream unread;  // what a process that only reads the search would print
    bool interrupted = false;
    const auto scored = score_candidates(search, options, options.train ? out : unread, &interrupted);
    if (interrupted) return false;
    for (PlannedRun* run : runs) {
      if (!scored) {
        run->waiting = "its recipe search in " + search.output;
        continue;
      }
      const LeaderboardRow& best = scored->front();
      for (const std::string& assignment : best.candidate.overrides)
        run->overrides.push_back({assignment, "chosen on validation folds (" + search.output + "/leaderboard.md)"});
      run->chosen = chosen_text(search, best);
    }
    if (scored && options.train)
      out << "search for " << cell.second << " on " << cell.first << ": chose " << runs.front()->chosen << "\n";
  }
  return true;
}

}  // namespace sigvit
