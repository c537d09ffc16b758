#pragma once

#include <string>
#include <vector>

#include "search/plan/leaderboard.h"

namespace sigvit {

// plots/<key>.png in `folder` for each key of the search space: every
// candidate's mean validation accuracy (± std over its runs) against the value
// it gave that key, choices in their order, ranges on their own (log) scale;
// so that a reader sees which keys matter. Returns "" or what went wrong
// (without gnuplot no plot is drawn and the search goes on).
std::string plot_scores_by_key(const SearchPlan& plan, const std::vector<LeaderboardRow>& rows,
                               const std::string& folder);

}  // namespace sigvit
