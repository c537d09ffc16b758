#include "compare/report/critical_difference_plot.h"

#include <cstdio>
#include <sstream>

#include "core/gnuplot.h"

namespace sigvit {
namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

}  // namespace

std::string critical_difference_script(const stats::CriticalDifferenceDiagram& diagram, const std::string& png) {
  const size_t k = diagram.models.size();
  // The better half is named on the left, the rest on the right, one row
  // below the other, so that names never overlap whatever the ranks.
  const size_t left = (k + 1) / 2;
  const double row = 0.45;
  const double lowest = -row * static_cast<double>(std::max(left, k - left) + 1) - 0.3;
  std::ostringstream gp;
  gp << "set terminal pngcairo size 760," << static_cast<int>(180 + 28 * k) << " noenhanced font 'sans,10'\n"
     << "set output " << gnuplot_quoted(png) << "\n"
     << "unset border\nunset tics\nunset key\n"
     << "set xrange [" << number(-0.2 - 0.35 * static_cast<double>(k)) << ":"
     << number(static_cast<double>(k) + 1.2 + 0.35 * static_cast<double>(k)) << "]\n"
     << "set yrange [" << number(lowest) << ":1.1]\n"
     << "set title " << gnuplot_quoted("average rank over " + std::to_string(diagram.datasets) + " data sets (1 = best); " +
                               (diagram.method == stats::CdMethod::nemenyi ? "bars: within Nemenyi's critical difference"
                                                                           : "bars: no significant difference (Wilcoxon-Holm, 5%)"))
     << "\n";
  gp << "set arrow from 1,0 to " << k << ",0 nohead lw 1.5\n";
  for (size_t rank = 1; rank <= k; ++rank) {
    gp << "set arrow from " << rank << ",0 to " << rank << ",0.12 nohead\n"
       << "set label " << gnuplot_quoted(std::to_string(rank)) << " at " << rank << ",0.3 center\n";
  }
  for (size_t i = 0; i < k; ++i) {
    const double rank = diagram.average_ranks[i];
    const bool on_left = i < left;
    const size_t line = on_left ? i : k - 1 - i;
    const double y = -row * static_cast<double>(line + 1) - 0.3;
    const double end = on_left ? 0.8 : static_cast<double>(k) + 0.2;
    gp << "set arrow from " << number(rank) << ",0 to " << number(rank) << "," << number(y) << " nohead\n"
       << "set arrow from " << number(rank) << "," << number(y) << " to " << number(end) << "," << number(y)
       << " nohead\n"
       << "set label " << gnuplot_quoted(diagram.models[i] + " (" + number(rank).substr(0, 4) + ")") << " at "
       << number(on_left ? end - 0.05 : end + 0.05) << "," << number(y) << (on_left ? " right" : " left") << "\n";
  }
  for (size_t j = 0; j < diagram.cliques.size(); ++j) {
    const double y = -0.12 - 0.1 * static_cast<double>(j);
    gp << "set arrow from " << number(diagram.average_ranks[diagram.cliques[j].first] - 0.03) << "," << number(y)
       << " to " << number(diagram.average_ranks[diagram.cliques[j].last] + 0.03) << "," << number(y)
       << " nohead lw 4\n";
  }
  if (diagram.critical_difference) {
    gp << "set arrow from 1,0.75 to " << number(1 + *diagram.critical_difference) << ",0.75 heads size 0.05,90 lw 1.5\n"
       << "set label " << gnuplot_quoted("CD " + number(*diagram.critical_difference)) << " at "
       << number(1 + *diagram.critical_difference / 2) << ",0.95 center\n";
  }
  gp << "plot NaN\n";
  return gp.str();
}

}  // namespace sigvit
