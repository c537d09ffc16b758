#include "search/plan/leaderboard.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>

#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

void describe(LeaderboardRow& row) {
  const auto n = static_cast<double>(row.scores.size());
  row.mean = mean_of(row.scores);
  row.mean_loss = mean_of(row.losses);
  double squares = 0;
  for (double score : row.scores) squares += (score - row.mean) * (score - row.mean);
  row.std = row.scores.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
}

std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();  // getline drops a last empty field
  return fields;
}

struct FoldReading {
  double accuracy = 0, loss = 0;
};

// The validation accuracy and loss of a finished fold run at the scored epoch.
FoldReading read_fold_run(const std::string& directory, FoldScore score) {
  const std::string result_path = directory + "/result.json";
  if (!std::filesystem::exists(result_path))
    throw Error(result_path + ": missing; the run has not finished (rerun sigvit search)");
  const nlohmann::json result = nlohmann::json::parse(read_text_file(result_path), nullptr, false);
  if (result.is_discarded() || !result.contains("best_epoch") || !result["best_epoch"].is_number())
    throw Error(result_path + ": expected a number best_epoch (a run validated on its fold)");
  const std::string wanted_epoch = std::to_string(result["best_epoch"].get<int64_t>());
  const std::string metrics_path = directory + "/metrics.csv";
  std::istringstream metrics(read_text_file(metrics_path));
  std::string line;
  std::getline(metrics, line);
  const std::vector<std::string> header = fields_of(line);
  const auto column = [&](const std::string& name) {
    const auto found = std::find(header.begin(), header.end(), name);
    if (found == header.end()) throw Error(metrics_path + ": no column " + name + " (a run validated on its fold)");
    return static_cast<size_t>(found - header.begin());
  };
  const size_t epoch = column("epoch"), accuracy = column("val_accuracy"), loss = column("val_loss");
  std::vector<std::string> chosen;
  while (std::getline(metrics, line)) {
    std::vector<std::string> row = fields_of(line);
    if (row.size() != header.size()) continue;
    if (score == FoldScore::last_epoch || row[epoch] == wanted_epoch) chosen = std::move(row);
    if (score == FoldScore::best_epoch && !chosen.empty()) break;
  }
  if (chosen.empty()) throw Error(metrics_path + ": no epoch to score");
  try {
    return {std::stod(chosen[accuracy]), std::stod(chosen[loss])};
  } catch (const std::exception&) {
    throw Error(metrics_path + ": epoch " + chosen[epoch] + " has no validation accuracy and loss");
  }
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
    LeaderboardRow row;
    row.candidate = candidate;
    for (int64_t fold = 0; fold < plan.folds; ++fold)
      for (uint64_t seed : plan.seeds) {
        const FoldReading reading = read_fold_run(fold_run_directory(plan, rung, candidate, fold, seed), plan.score);
        row.scores.push_back(reading.accuracy);
        row.losses.push_back(reading.loss);
      }
    describe(row);
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const LeaderboardRow& a, const LeaderboardRow& b) {
    if (a.mean != b.mean) return a.mean > b.mean;
    if (a.mean_loss != b.mean_loss) return a.mean_loss < b.mean_loss;
    return a.std < b.std;
  });
  return rows;
}

namespace {

std::string rung_table(const std::vector<LeaderboardRow>& rows) {
  std::string md = "| rank | candidate | validation accuracy | validation loss | per run | overrides |\n"
                   "| ---: | --- | --- | ---: | --- | --- |\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::vector<std::string> scores;
    for (double score : rows[i].scores) scores.push_back(format_number("%.1f", 100 * score));
    md += "| " + std::to_string(i + 1) + " | " + rows[i].candidate.label + " | " +
          format_number("%.1f", 100 * rows[i].mean) + format_number(" ± %.1f%%", 100 * rows[i].std) + " | " +
          format_number("%.4f", rows[i].mean_loss) + " | " + join(scores, ", ") + " | `" + join(rows[i].candidate.overrides, "`, `") + "` |\n";
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
                   "). The score is each run's validation accuracy at its " +
                   (plan.score == FoldScore::last_epoch ? "last epoch" : "best epoch (by validation accuracy)") +
                   ", as mean ± sample std over its " +
                   std::to_string(plan.folds * static_cast<int64_t>(plan.seeds.size())) +
                   " runs; ties go to the lower mean validation loss at the same epochs.";
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
  std::string csv = "rank,candidate,mean,std,mean_val_loss,runs,overrides\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string overrides = join(rows[i].candidate.overrides, "; ");
    std::replace(overrides.begin(), overrides.end(), '"', '\'');
    csv += std::to_string(i + 1) + "," + rows[i].candidate.label + "," + format_number("%.6f", rows[i].mean) + "," +
           format_number("%.6f", rows[i].std) + "," + format_number("%.6f", rows[i].mean_loss) + "," +
           std::to_string(rows[i].scores.size()) + ",\"" + overrides + "\"\n";
  }
  return csv;
}

}  // namespace sigvit
