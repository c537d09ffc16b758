#pragma once

#include <ostream>

#include "compare/compare_runner.h"
#include "compare/report/compare_plan.h"
#include "search/plan/search_plan.h"

namespace sigvit {

// A RecipeChooser for sigvit compare: for every model with `search:` and
// every data set, searches the recipe on validation folds of that data set's
// training split (in <output>/search/<data set>/<model>, as sigvit search
// does, without its final test) and gives the model's runs there the chosen
// candidate's overrides. A run whose search has unfinished fold runs is left
// waiting. --list, --report-only and the ranks of --nproc only read the
// searches; every other process trains their fold runs, shared through the
// runs' locks as a comparison's runs are. False when a fold run was
// interrupted: the comparison stops there.
bool choose_searched_recipes(ComparePlan& plan, const CompareRequest& request, std::ostream& out);

// The search that chooses `run`'s recipe (a run of a model with `search:`):
// the run's experiment, model file and overrides under every candidate, the
// cells naming a recipe after that recipe's own, its folder in the
// comparison's output.
SearchPlan search_for_run(const ComparePlan& plan, const PlannedRun& run);

}  // namespace sigvit
