#pragma once

#include <ostream>

#include "compare/compare_runner.h"
#include "compare/report/compare_plan.h"

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

}  // namespace sigvit
