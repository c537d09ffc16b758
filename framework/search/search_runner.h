#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "search/plan/leaderboard.h"

namespace sigvit {

// How a search's fold runs are trained (sigvit compare's options).
struct FoldRunOptions {
  std::optional<int> threads;
  int jobs = 1;
  bool list = false;
  std::string only, shard;
  bool terminal = false;
  bool train = true;  // false: only read the finished fold runs
};

struct SearchRequest {
  std::string file;
  FoldRunOptions runs;  // threads of every run, --jobs, --list, --only, --shard
};

struct SearchOutcome {
  bool interrupted = false;
  bool complete = false;                 // every fold run finished and the leaderboard written
  std::string chosen;                    // the winning candidate's label
  std::optional<double> test_accuracy;   // of the chosen experiment retrained and tested once
};

// The search phase: trains (or, with !train, only reads) every fold run of
// every rung, then writes leaderboard.md, leaderboard.csv, the plots and
// chosen.yaml in plan.output and returns the last rung's leaderboard, best
// first. Nothing when a fold run is unfinished (said on `out`) or for list.
// `interrupted` (optional) is set when a fold run was interrupted.
std::optional<std::vector<LeaderboardRow>> score_candidates(const SearchPlan& plan, const FoldRunOptions& options,
                                                            std::ostream& out, bool* interrupted = nullptr);

// `sigvit search`: scores every candidate of the search file by stratified
// k-fold cross-validation inside the training split (each fold run is a run
// of a generated comparison, <output>/folds.yaml or one per rung of
// successive halving, so that interrupted and shared searches resume as
// comparisons do), then writes leaderboard.md,
// leaderboard.csv and chosen.yaml, retrains the winner on the whole training
// split and tests it once (<output>/final), and records it in search.json.
// No run of the search phase reads the test split.
SearchOutcome run_search(const SearchRequest& request, std::ostream& out);

}  // namespace sigvit
