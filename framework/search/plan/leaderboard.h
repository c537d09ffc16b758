#pragma once

#include <string>
#include <vector>

#include "search/plan/search_plan.h"

namespace sigvit {

// A candidate's validation accuracies over its folds and seeds.
struct LeaderboardRow {
  Candidate candidate;
  std::vector<double> scores;  // fold-major, then seed
  double mean = 0, std = 0;    // std: sample standard deviation (0 with one score)
};

// Where the run of `candidate` on `fold` with `seed` lives (sigvit compare's
// layout under <output>/folds).
std::string fold_run_directory(const SearchPlan& plan, const Candidate& candidate, int64_t fold, uint64_t seed);

// Every candidate's scores from its runs' result.json (best_val_accuracy),
// best first: the higher mean, then the lower std, then plan order. Throws
// sigvit::Error naming a run without a result.
std::vector<LeaderboardRow> read_leaderboard(const SearchPlan& plan, const std::vector<Candidate>& candidates);

// The table of leaderboard.md: rank, candidate, mean ± std, each score, the
// overrides; with the protocol above it, saying that no test case was read.
std::string leaderboard_markdown(const SearchPlan& plan, const std::vector<LeaderboardRow>& rows);
std::string leaderboard_csv(const std::vector<LeaderboardRow>& rows);

}  // namespace sigvit
