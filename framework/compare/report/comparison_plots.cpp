#include "compare/report/comparison_plots.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compare/report/critical_difference_plot.h"
#include "core/atomic_file.h"
#include "core/gnuplot.h"

namespace fs = std::filesystem;

namespace sigvit {
namespace {

std::string header(const std::string& png, int width, int height) {
  std::ostringstream gp;
  gp << "set terminal pngcairo size " << width << "," << height << " noenhanced font 'sans,10'\n"
     << "set output " << gnuplot_quoted(png) << "\n"
     << "set grid\nset key outside right top\n";
  return gp.str();
}

std::vector<const ModelOutcome*> of_dataset(const std::vector<ModelOutcome>& outcomes, const std::string& dataset) {
  std::vector<const ModelOutcome*> rows;
  for (const ModelOutcome& outcome : outcomes) {
    if (outcome.dataset == dataset) rows.push_back(&outcome);
  }
  return rows;
}

// Curves as one datablock per model and a `plot` over them.
std::string curve_panel(const std::vector<const ModelOutcome*>& rows, const std::string& name,
                        std::vector<double> ModelOutcome::*curve, const std::string& ylabel, double scale) {
  std::ostringstream gp;
  std::vector<std::string> series;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::vector<double>& values = rows[i]->*curve;
    if (values.empty()) continue;
    const std::string block = "$" + name + std::to_string(i);
    gp << block << " << EOD\n";
    for (size_t epoch = 0; epoch < values.size(); ++epoch) {
      if (!std::isnan(values[epoch])) gp << epoch + 1 << " " << values[epoch] * scale << "\n";
    }
    gp << "EOD\n";
    series.push_back(block + " using 1:2 with lines lw 2 title " + gnuplot_quoted(rows[i]->model));
  }
  if (series.empty()) return "";
  size_t epochs = 0;
  for (const ModelOutcome* row : rows) epochs = std::max(epochs, (row->*curve).size());
  if (epochs <= 20) gp << "set xtics 1\n";  // whole epochs, not 1.5
  gp << "set xlabel 'epoch'\nset ylabel " << gnuplot_quoted(ylabel) << "\nplot ";
  for (size_t i = 0; i < series.size(); ++i) gp << (i ? ", \\\n     " : "") << series[i];
  return gp.str() + "\n";
}

std::string curves_script(const std::vector<const ModelOutcome*>& rows, const std::string& dataset,
                          const std::string& png) {
  const std::string loss = curve_panel(rows, "loss", &ModelOutcome::train_loss, "train loss", 1.0);
  const std::string accuracy = curve_panel(rows, "val", &ModelOutcome::val_accuracy, "validation accuracy (%)", 100);
  std::ostringstream gp;
  gp << header(png, accuracy.empty() ? 700 : 1200, 450);
  if (accuracy.empty()) return gp.str() + "set title " + gnuplot_quoted(dataset + ": learning curves (mean over seeds)") + "\n" + loss;
  gp << "set multiplot layout 1,2 title " << gnuplot_quoted(dataset + ": learning curves (mean over seeds)") << "\n"
     << loss << accuracy << "unset multiplot\n";
  return gp.str();
}

// Test accuracy (mean, error bar one standard deviation) against `x`.
std::string scatter_script(const std::vector<const ModelOutcome*>& rows, const std::string& title,
                           const std::string& xlabel, double (*x)(const ModelOutcome&), bool log_x,
                           const std::string& png) {
  std::ostringstream gp;
  gp << header(png, 700, 450) << "set title " << gnuplot_quoted(title) << "\n$points << EOD\n";
  for (const ModelOutcome* row : rows) {
    gp << x(*row) << " " << 100 * row->accuracy.mean << " " << 100 * row->accuracy.std << " \"" << row->model
       << "\"\n";
  }
  gp << "EOD\n"
     << (log_x ? "set logscale x\n" : "") << "set offsets graph 0.1, graph 0.1, graph 0.1, graph 0.1\n"
     << "set xlabel " << gnuplot_quoted(xlabel) << "\nset ylabel 'test accuracy (%)'\nset key off\n"
     << "plot $points using 1:2:3 with yerrorbars pt 7 ps 1.5, \\\n"
     << "     $points using 1:2:4 with labels offset char 1,1 left\n";
  return gp.str();
}

std::string confusion_script(const ModelOutcome& row, const std::string& png) {
  const size_t classes = row.confusion.size();
  const int side = static_cast<int>(std::min<size_t>(1200, 300 + 40 * classes));
  std::ostringstream gp;
  gp << header(png, side + 150, side) << "set title "
     << gnuplot_quoted(row.dataset + " / " + row.model + ": test confusion (rows: true class; summed over " +
               std::to_string(row.seeds.size()) + " seed" + (row.seeds.size() == 1 ? "" : "s") + ")")
     << "\nunset grid\nset key off\nset cbrange [0:1]\nset cblabel 'fraction of the true class'\n"
     << "set palette defined (0 'white', 1 '#08306b')\nset yrange [" << classes << "-0.5:-0.5]\n"
     << "set xrange [-0.5:" << classes << "-0.5]\nset xlabel 'predicted'\nset ylabel 'true'\n";
  for (const char* axis : {"xtics", "ytics"}) {
    gp << "set " << axis << " (";
    for (size_t i = 0; i < classes; ++i) gp << (i ? ", " : "") << gnuplot_quoted(row.class_names.at(i)) << " " << i;
    gp << ")" << (axis[0] == 'x' ? " rotate by 45 right" : "") << "\n";
  }
  gp << "$matrix << EOD\n";
  for (size_t truth = 0; truth < classes; ++truth) {
    int64_t total = 0;
    for (int64_t count : row.confusion[truth]) total += count;
    for (size_t predicted = 0; predicted < classes; ++predicted) {
      const double fraction = total ? static_cast<double>(row.confusion[truth][predicted]) / total : 0.0;
      gp << predicted << " " << truth << " " << fraction << " " << row.confusion[truth][predicted] << "\n";
    }
  }
  gp << "EOD\nplot $matrix using 1:2:3 with image, \\\n"
     << (classes <= 20
             ? "     $matrix using 1:2:(sprintf('%d', $4)):($3 > 0.5 ? 0xffffff : 0x000000) with labels tc rgb variable\n"
             : "     NaN notitle\n");  // counts would not fit in the cells
  return gp.str();
}

}  // namespace

PlotResult draw_plots(const std::vector<ModelOutcome>& outcomes, const std::vector<std::string>& datasets,
                      const std::optional<ModelRanking>& ranking, const std::string& output) {
  PlotResult result;
  if (!gnuplot_available()) {
    result.problem = "gnuplot is not installed (apt-get install gnuplot-nox), so no plots were drawn";
    return result;
  }
  const std::string folder = output + "/plots";
  fs::create_directories(folder);
  const auto draw = [&](const std::string& dataset, const std::string& title, const std::string& name,
                        const std::string& script) {
    const std::string problem = render_gnuplot(folder, name, script);
    if (problem.empty()) {
      result.plots.push_back({dataset, title, "plots/" + name + ".png"});
    } else if (result.problem.empty()) {
      result.problem = problem;
    }
  };
  for (const std::string& dataset : datasets) {
    const std::vector<const ModelOutcome*> rows = of_dataset(outcomes, dataset);
    if (rows.empty()) continue;
    draw(dataset, "learning curves", dataset + "_curves", curves_script(rows, dataset, dataset + "_curves.png.tmp"));
    if (!rows.front()->tested) continue;
    draw(dataset, "accuracy vs parameters", dataset + "_accuracy_vs_params",
         scatter_script(rows, dataset + ": test accuracy vs parameters", "parameters",
                        [](const ModelOutcome& row) { return static_cast<double>(row.params); }, true,
                        dataset + "_accuracy_vs_params.png.tmp"));
    draw(dataset, "accuracy vs batch-1 latency", dataset + "_accuracy_vs_latency",
         scatter_script(rows, dataset + ": test accuracy vs batch-1 latency", "batch-1 latency (ms)",
                        [](const ModelOutcome& row) { return row.latency_ms.mean; }, false,
                        dataset + "_accuracy_vs_latency.png.tmp"));
    for (const ModelOutcome* row : rows) {
      const std::string name = dataset + "_" + row->model + "_confusion";
      draw(dataset, row->model + " confusion matrix", name, confusion_script(*row, name + ".png.tmp"));
    }
  }
  if (ranking) {
    draw("", "critical-difference diagram", "critical_difference",
         critical_difference_script(ranking->diagram, "critical_difference.png.tmp"));
  }
  return result;
}

}  // namespace sigvit
