#pragma once

#include <string>
#include <vector>

#include "search/plan/search_plan.h"

namespace sigvit {

// A candidate's validation accuracies over its folds and seeds.
struct LeaderboardRow {
  Candidate candidate;
  std::vector<double> scores;  // validation accuracy at the scored epoch; fold-major, then seed
  std::vector<double> losses;  // validation loss at the same epochs
  double mean = 0, std = 0;    // of the scores; std: sample standard deviation (0 with one score)
  double mean_loss = 0;
};

// Where the run of `candidate` on `fold` with `seed` lives in rung `rung`
// (sigvit compare's layout under rung_output).
std::string fold_run_directory(const SearchPlan& plan, size_t rung, const Candidate& candidate, int64_t fold,
                               uint64_t seed);

// Every candidate's scores in rung `rung` from its runs' metrics.csv (the
// epoch plan.score names), best first: the higher mean accuracy, then the
// lower mean loss (folds of a few cases tie on accuracy often), then the
// lower std, then plan order. Throws sigvit::Error naming a run without a
// result.
std::vector<LeaderboardRow> read_leaderboard(const SearchPlan& plan, size_t rung,
                                             const std::vector<Candidate>& candidates);

// leaderboard.md: the protocol, saying that no test case was read, then the
// table of each rung (rank, candidate, mean ± std, each score, overrides),
// the last rung first.
std::string leaderboard_markdown(const SearchPlan& plan, const std::vector<std::vector<LeaderboardRow>>& rungs);
std::string leaderboard_csv(const std::vector<LeaderboardRow>& rows);

}  // namespace sigvit
