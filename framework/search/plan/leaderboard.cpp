#include "search/plan/leaderboard.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

void describe(LeaderboardRow& row) {
  const auto n = static_cast<double>(row.scores.size());
  row.mean = std::accumulate(row.scores.begin(), row.scores.end(), 0.0) / n;
  double squares = 0;
  for (double score : row.scores) squares += (score - row.mean) * (score - row.mean);
  row.std = row.scores.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
}

double validation_accuracy(const std::string& directory) {
  const std::string path = directory + "/result.json";
  if (!std::filesystem::exists(path)) throw Error(path + ": missing; the run has not finished (rerun sigvit search)");
  const nlohmann::json result = nlohmann::json::parse(read_text_file(path), nullptr, false);
  if (result.is_discarded() || !result.contains("best_val_accuracy") || !result["best_val_accuracy"].is_number())
    throw Error(path + ": expected a number best_val_accuracy (a run validated on its fold)");
  return result["best_val_accuracy"].get<double>();
}

}  // namespace

std::string fold_run_directory(const SearchPlan& plan, size_t rung, const Candidate& candidate, int64_t fold,
                               uint64_t seed) {
  return rung_output(plan, rung) + "/runs/fold" + std::to_string(fold) + "/" + candidate.label + "/seed" +
         std::to_string(seed);
}

std::vector<LeaderboardRow> read_leaderboard(const SearchPlan& plan, size_t rung,
                                             const std::vector<Candidate>& candidates) {
  std::vector<LeaderboardRow> rows;
  for (const Candidate& candidate : candidates) {
    LeaderboardRow row{candidate, {}, 0, 0};
    for (int64_t fold = 0; fold < plan.folds; ++fold)
      for (uint64_t seed : plan.seeds) row.scores.push_back(validation_accuracy(fold_run_directory(plan, rung, candidate, fold, seed)));
    describe(row);
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const LeaderboardRow& a, const LeaderboardRow& b) {
    if (a.mean != b.mean) return a.mean > b.mean;
    return a.std < b.std;
  });
  return rows;
}

namespace {

std::string rung_table(const std::vector<LeaderboardRow>& rows) {
  std::string md = "| rank | candidate | validation accuracy | per run | overrides |\n| ---: | --- | --- | --- | --- |\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::vector<std::string> scores;
    for (double score : rows[i].scores) scores.push_back(format_number("%.1f", 100 * score));
    md += "| " + std::to_string(i + 1) + " | " + rows[i].candidate.label + " | " +
          format_number("%.1f", 100 * rows[i].mean) + format_number(" ± %.1f%%", 100 * rows[i].std) + " | " +
          join(scores, ", ") + " | `" + join(rows[i].candidate.overrides, "`, `") + "` |\n";
  }
  return md;
}

}  // namespace

std::string leaderboard_markdown(const SearchPlan& plan, const std::vector<std::vector<LeaderboardRow>>& rungs) {
  const size_t candidates = rungs.front().size();
  std::string md = "# Search: " + plan.name + "\n\n`sigvit search " + plan.file + "`: " + std::to_string(candidates) +
                   " candidates, each trained on " + std::to_string(plan.folds - 1) + " of " +
                   std::to_string(plan.folds) + " stratified folds of the training split and validated on the " +
                   "fold left out, every fold in turn, with " + std::to_string(plan.seeds.size()) +
                   (plan.seeds.size() == 1 ? " seed" : " seeds") + " (fold seed " + std::to_string(plan.fold_seed) +
                   "). The score is the best validation accuracy of each run, as mean ± sample std over its " +
                   std::to_string(plan.folds * static_cast<int64_t>(plan.seeds.size())) + " runs.";
  if (!plan.rung_epochs.empty())
    md += " Successive halving: every candidate first trains " + std::to_string(plan.rung_epochs.front()) +
          " epochs; after each rung the best " + format_number("%.2g", plan.keep) +
          " of them go on to the next, longer one.";
  md += " **The test split was not read during the search**: the chosen candidate is retrained on the whole "
        "training split and tested once.\n";
  for (size_t rung = rungs.size(); rung-- > 0;) {
    if (!plan.rung_epochs.empty())
      md += "\n## Rung " + std::to_string(rung) + ": " + std::to_string(plan.rung_epochs[rung]) + " epochs, " +
            std::to_string(rungs[rung].size()) + " candidates\n";
    md += "\n" + rung_table(rungs[rung]);
  }
  return md;
}

std::string leaderboard_csv(const std::vector<LeaderboardRow>& rows) {
  std::string csv = "rank,candidate,mean,std,runs,overrides\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string overrides = join(rows[i].candidate.overrides, "; ");
    std::replace(overrides.begin(), overrides.end(), '"', '\'');
    csv += std::to_string(i + 1) + "," + rows[i].candidate.label + "," + format_number("%.6f", rows[i].mean) + "," +
           format_number("%.6f", rows[i].std) + "," + std::to_string(rows[i].scores.size()) + ",\"" + overrides + "\"\n";
  }
  return csv;
}

}  // namespace sigvit
