#pragma once

#include <string>
#include <vector>

#include "compare/report/comparison_statistics.h"
#include "compare/report/comparison_summary.h"

namespace sigvit {

struct Plot {
  std::string dataset;
  std::string title;
  std::string file;  // relative to the comparison's output directory
};

struct PlotResult {
  std::vector<Plot> plots;
  std::string problem;  // why plots are missing, empty when all were drawn
};

// Draws each data set's plots as PNG with gnuplot into `output`/plots:
// learning curves, accuracy against parameters and against batch-1 latency,
// and one confusion matrix per model (summed over seeds, rows normalised).
// Each plot's gnuplot script stays beside it (NAME.gp), with its data inline,
// for redrawing by hand. With a ranking across data sets, its
// critical-difference diagram too (dataset ""). Without gnuplot, no plot is
// drawn and `problem` says so: a report is still worth having.
PlotResult draw_plots(const std::vector<ModelOutcome>& outcomes, const std::vector<std::string>& datasets,
                      const std::optional<ModelRanking>& ranking, const std::string& output);

}  // namespace sigvit
