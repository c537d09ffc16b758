#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "distributed/rank_environment.h"

namespace sigvit {

struct ComparePlan;
struct CompareRequest;

// Chooses the recipes of the comparison's models with `search:` (the search
// layer's choose_searched_recipes, which compare cannot call itself: a
// search trains its fold runs through compare). False when interrupted.
using RecipeChooser = std::function<bool(ComparePlan&, const CompareRequest&, std::ostream&)>;

struct CompareRequest {
  std::string file;
  std::vector<std::string> overrides;  // "a.b=value", added to every run
  std::optional<int> threads;          // replaces every run's `threads`
  bool report_only = false;            // write the report of the finished runs, train nothing
  bool terminal = false;               // redraw progress in place
  bool list = false;                   // print the runs and their states, train nothing
  std::string only, shard;             // train only these runs (run_selection.h)
  bool write_report = true;            // false: a child of --jobs leaves the report to its parent
  int jobs = 1;                        // runs trained at once, each in its own process
  std::string executable = "/proc/self/exe";  // what --jobs starts
  int nproc = 1;                       // data-parallel ranks of every run (docs/distributed.md)
  // Set in the ranks that --nproc starts: this process is one rank of the
  // one run selected, whose lock the launching process holds.
  RankEnvironment ranks;
  // Required when a model of the file has `search:`; `sigvit compare` sets it.
  RecipeChooser choose_recipes;
};

struct CompareOutcome {
  bool interrupted = false;
  size_t finished = 0;  // runs with results when the comparison stopped
  size_t planned = 0;
  size_t waiting = 0;   // runs whose recipe search has not finished
  std::string report;   // the report.md written; empty when none was
  std::vector<std::string> failed;  // runs of --jobs whose process failed
};

// `sigvit compare`: checks every run's config first (a typo in the last run
// fails before the first one trains), then trains the runs (all, or those
// selected) one after another or `jobs` at a time in their own directories,
// skipping finished runs and resuming interrupted ones, and finally writes
// report.md, results.csv, results.json and the plots. A finished run whose
// config no longer matches the comparison is an error, so that a report never
// mixes two protocols. Each run is trained under a lock in its directory and
// the report written under one in the output, so processes on several
// machines can share a comparison: a run another process holds is skipped
// with its holder named.
CompareOutcome run_comparison(const CompareRequest& request, std::ostream& out);

}  // namespace sigvit
