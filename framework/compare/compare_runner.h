#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sigvit {

struct CompareRequest {
  std::string file;
  std::vector<std::string> overrides;  // "a.b=value", added to every run
  std::optional<int> threads;          // replaces every run's `threads`
  bool report_only = false;            // write the report of the finished runs, train nothing
  bool terminal = false;               // redraw progress in place
};

struct CompareOutcome {
  bool interrupted = false;
  size_t finished = 0;  // runs with results when the comparison stopped
  size_t planned = 0;
  std::string report;   // the report.md written
};

// `sigvit compare`: checks every run's config first (a typo in the last run
// fails before the first one trains), then trains the runs one after another
// in their own directories, skipping finished runs and resuming interrupted
// ones, and finally writes report.md, results.csv, results.json and the
// plots. A finished run whose config no longer matches the comparison is an
// error, so that a report never mixes two protocols.
CompareOutcome run_comparison(const CompareRequest& request, std::ostream& out);

}  // namespace sigvit
