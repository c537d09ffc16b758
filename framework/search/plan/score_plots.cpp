#include "search/plan/score_plots.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "core/gnuplot.h"

namespace sigvit {
namespace {

// The value a candidate gave `key`, as its override wrote it; "" when none.
std::string value_of(const Candidate& candidate, const std::string& key) {
  for (const std::string& assignment : candidate.overrides)
    if (assignment.rfind(key + "=", 0) == 0) return assignment.substr(key.size() + 1);
  return {};
}

std::string file_name_of(const std::string& key) {
  std::string name = "score_by_" + key;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)) && c != '_'; },
                  '_');
  return name;
}

std::string key_script(const SearchKey& key, const std::vector<LeaderboardRow>& rows, const std::string& png) {
  std::ostringstream gp;
  gp << "set terminal pngcairo size 700,450 noenhanced font 'sans,10'\nset output " << gnuplot_quoted(png) << "\nset grid\nset key off\n"
     << "set title " << gnuplot_quoted("validation accuracy by " + key.key) << "\nset xlabel "
     << gnuplot_quoted(key.key) << "\nset ylabel 'validation accuracy (%)'\n"
     << "set offsets graph 0.05, graph 0.05, graph 0.1, graph 0.1\n$points << EOD\n";
  const bool categorical = key.kind == SearchKey::Kind::choices;
  for (const LeaderboardRow& row : rows) {
    const std::string value = value_of(row.candidate, key.key);
    if (value.empty()) continue;
    if (categorical) {
      const auto at = std::find(key.choices.begin(), key.choices.end(), value) - key.choices.begin();
      gp << at;
    } else {
      gp << value;
    }
    gp << " " << 100 * row.mean << " " << 100 * row.std << "\n";
  }
  gp << "EOD\n";
  if (categorical) {
    gp << "set xtics (";
    for (size_t i = 0; i < key.choices.size(); ++i) gp << (i ? ", " : "") << gnuplot_quoted(key.choices[i]) << " " << i;
    gp << ")\n";
  }
  if (key.kind == SearchKey::Kind::log_range) gp << "set logscale x\n";
  gp << "plot $points using 1:2:3 with yerrorbars pt 7 ps 1.2\n";
  return gp.str();
}

}  // namespace

std::string plot_scores_by_key(const SearchPlan& plan, const std::vector<LeaderboardRow>& rows,
                               const std::string& folder) {
  if (plan.space.empty() || !gnuplot_available()) return plan.space.empty() ? "" : "gnuplot not found";
  std::filesystem::create_directories(folder);
  std::string problems;
  for (const SearchKey& key : plan.space) {
    const std::string name = file_name_of(key.key);
    const std::string problem = render_gnuplot(folder, name, key_script(key, rows, name + ".png.tmp"));
    if (!problem.empty() && problems.empty()) problems = problem;
  }
  return problems;
}

}  // namespace sigvit
