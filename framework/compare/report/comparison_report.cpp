#include "compare/report/comparison_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "compare/report/comparison_statistics.h"
#include "compare/report/nested_estimates.h"
#include "core/atomic_file.h"
#include "core/text.h"
#include "results/progress.h"

namespace sigvit {
namespace {

std::string percent_mean_std(const MeanStd& value) {
  return format_number("%.1f", 100 * value.mean) + (value.count > 1 ? format_number(" ± %.1f", 100 * value.std) : "") + "%";
}

// A score in [0, 1] to three decimals.
std::string score_mean_std(const MeanStd& value) {
  return format_number("%.3f", value.mean) + (value.count > 1 ? format_number(" ± %.3f", value.std) : "");
}

std::string seeds_text(const std::vector<uint64_t>& seeds) {
  std::vector<std::string> parts;
  for (uint64_t seed : seeds) parts.push_back(std::to_string(seed));
  return join(parts, ", ");
}

// "[95.1, 98.3]" in percent; "-" for one seed.
std::string interval_text(const ModelOutcome& row) {
  if (!row.tested) return "-";
  const stats::SampleDescription accuracy = describe_accuracy(row);
  if (!accuracy.mean_interval) return "-";
  return format_number("[%.1f, ", 100 * accuracy.mean_interval->low) + format_number("%.1f]", 100 * accuracy.mean_interval->high);
}

std::string range_text(const ModelOutcome& row) {
  if (!row.tested) return "-";
  const stats::SampleDescription accuracy = describe_accuracy(row);
  return format_number("%.1f", 100 * accuracy.min) + "–" + format_number("%.1f", 100 * accuracy.max);
}

// The mark after a model's name: † chosen on validation folds, ‡ on test.
std::string marked(const ComparePlan& plan, const std::string& model) {
  switch (selection_of(plan, model)) {
    case RecipeSelection::on_validation_folds: return model + " †";
    case RecipeSelection::on_test: return model + " ‡";
    case RecipeSelection::fixed: break;
  }
  return model;
}

std::string selection_name(RecipeSelection selection) {
  switch (selection) {
    case RecipeSelection::on_validation_folds: return "validation_folds";
    case RecipeSelection::on_test: return "test";
    case RecipeSelection::fixed: break;
  }
  return "fixed";
}

// What a data set's † models chose, from any of their runs.
std::string chosen_recipes(const ComparePlan& plan, const std::string& dataset) {
  std::vector<std::string> lines;
  for (const std::string& model : plan.models) {
    for (const PlannedRun& run : plan.runs) {
      if (run.dataset != dataset || run.model != model || run.selection != RecipeSelection::on_validation_folds) continue;
      lines.push_back("- " + model + ": " + (run.chosen.empty() ? "search not finished" : run.chosen) + "\n");
      break;
    }
  }
  if (lines.empty()) return "";
  return "\n† Recipe selected on validation folds of the training split (`search:`; the search read no test case), "
         "then trained on the whole training split with each seed:\n" + join(lines, "");
}

std::string table(const ComparePlan& plan, const std::vector<const ModelOutcome*>& rows) {
  std::ostringstream md;
  md << "| model | seeds | test accuracy | 95% CI of the mean | min–max | balanced accuracy | macro-F1 | macro AUROC | "
        "params | GFLOPs/sample | train time | inference samples/s | batch-1 latency |\n"
     << "| --- | --- | --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n";
  for (const ModelOutcome* row : rows) {
    md << "| " << marked(plan, row->model) << " | " << seeds_text(row->seeds) << " | "
       << (row->tested ? percent_mean_std(row->accuracy) : "no test split") << " | " << interval_text(*row)
       << " | " << range_text(*row) << " | "
       << (row->tested && row->balanced_accuracy.count ? percent_mean_std(row->balanced_accuracy) : "-") << " | "
       << (row->tested ? score_mean_std(row->macro_f1) : "-") << " | "
       << (row->tested && row->macro_auroc.count ? score_mean_std(row->macro_auroc) : "-")
       << " | " << with_thousands(row->params) << " | " << format_number("%.4g", row->gflops_per_sample) << " | "
       << (row->train_seconds.mean < 60 ? format_number("%.1f s", row->train_seconds.mean)
                                        : format_duration(row->train_seconds.mean))
       << " | "
       << (row->tested ? with_thousands(static_cast<int64_t>(row->infer_samples_per_s.mean + 0.5)) : "-") << " | "
       << format_number("%.2f ms", row->latency_ms.mean) << " |\n";
  }
  return md.str();
}

// The planned runs of a data set without a result yet, by model: a reader
// of a partial report sees what its table lacks ("" when none).
std::string unfinished_runs(const ComparePlan& plan, const std::vector<RunRecord>& records,
                            const std::string& dataset) {
  std::vector<std::string> parts;
  for (const std::string& model : plan.models) {
    std::vector<uint64_t> missing;
    for (const PlannedRun& run : plan.runs) {
      if (run.dataset != dataset || run.model != model) continue;
      const bool done = std::any_of(records.begin(), records.end(), [&](const RunRecord& record) {
        return record.run.dataset == dataset && record.run.model == model && record.run.seed == run.seed;
      });
      if (!done) missing.push_back(run.seed);
    }
    if (missing.empty()) continue;
    parts.push_back(model + " (seed" + (missing.size() == 1 ? " " : "s ") + seeds_text(missing) + ")");
  }
  return join(parts, ", ");
}

// Each pair of models on the same seeds: is the difference larger than the
// spread between seeds?
std::string paired_table(const std::vector<PairedModels>& pairs) {
  if (pairs.empty()) return "";
  std::ostringstream md;
  md << "\nPaired by seed (accuracy of the first minus the second, in points; Wilcoxon signed-rank test, "
        "two-sided, exact):\n\n"
     << "| models | seeds | mean difference | 95% CI | p | verdict |\n"
     << "| --- | ---: | ---: | --- | ---: | --- |\n";
  for (const PairedModels& pair : pairs) {
    const stats::SampleDescription& difference = pair.comparison.difference;
    md << "| " << pair.first << " − " << pair.second << " | " << pair.seeds.size() << " | "
       << format_number("%+.1f", 100 * difference.mean) << " | "
       << (difference.mean_interval ? format_number("[%+.1f, ", 100 * difference.mean_interval->low) +
                                          format_number("%+.1f]", 100 * difference.mean_interval->high)
                                    : "-")
       << " | " << format_number("%.3g", pair.comparison.wilcoxon.p_value) << " | "
       << stats::paired_verdict(pair.comparison) << " |\n";
  }
  return md.str();
}

std::string ranking_section(const ModelRanking& ranking) {
  const stats::CriticalDifferenceDiagram& diagram = ranking.diagram;
  std::ostringstream md;
  md << "\n## Across data sets\n\n"
     << "Ranks of the mean test accuracy on " << ranking.datasets.size() << " data sets (" << join(ranking.datasets, ", ")
     << "; 1 is best, ties share the average rank):\n\n"
     << "| model | average rank |\n| --- | ---: |\n";
  for (size_t i = 0; i < diagram.models.size(); ++i) {
    md << "| " << diagram.models[i] << " | " << format_number("%.2f", diagram.average_ranks[i]) << " |\n";
  }
  const stats::FriedmanResult& friedman = ranking.friedman;
  md << "\nFriedman test: χ² = " << format_number("%.3f", friedman.chi_square) << " (" << format_number("%.0f", friedman.chi_square_df)
     << " df), p = " << format_number("%.3g", friedman.chi_square_p) << "; Iman–Davenport F = "
     << format_number("%.3f", friedman.iman_davenport_f) << ", p = " << format_number("%.3g", friedman.iman_davenport_p) << ". "
     << (friedman.iman_davenport_p < 0.05 ? "The models do not rank alike at 5%."
                                          : "No significant difference in ranks at 5%.")
     << "\n";
  if (diagram.method == stats::CdMethod::nemenyi) {
    md << "Nemenyi critical difference at 5%: " << format_number("%.3f", *diagram.critical_difference)
       << " (models whose average ranks differ by less are not told apart).";
  } else {
    md << "Pairwise Wilcoxon signed-rank tests over the data sets, Holm-corrected at 5%.";
  }
  std::vector<std::string> groups;
  for (const stats::Clique& clique : diagram.cliques) {
    std::vector<std::string> members(diagram.models.begin() + static_cast<std::ptrdiff_t>(clique.first),
                                     diagram.models.begin() + static_cast<std::ptrdiff_t>(clique.last) + 1);
    groups.push_back("{" + join(members, ", ") + "}");
  }
  md << (groups.empty() ? " Every model differs significantly from every other.\n"
                        : " Not significantly different: " + join(groups, "; ") + ".\n");
  return md.str();
}

}  // namespace

std::string comparison_markdown(const ComparePlan& plan, const std::vector<RunRecord>& records,
                                const std::vector<ModelOutcome>& outcomes, const PlotResult& plots) {
  std::ostringstream md;
  md << "# Comparison: " << plan.name << "\n\n"
     << "`sigvit compare " << plan.file << "`: " << plan.datasets.size() << " data set"
     << (plan.datasets.size() == 1 ? "" : "s") << " x " << plan.models.size() << " model"
     << (plan.models.size() == 1 ? "" : "s") << " x " << plan.seeds.size() << " seed"
     << (plan.seeds.size() == 1 ? "" : "s") << " (" << seeds_text(plan.seeds) << ") = " << plan.runs.size()
     << " runs, " << records.size() << " finished"
     << (records.size() < plan.runs.size() ? " (the tables cover the finished runs only)" : "") << ".\n\n"
     << "Every model of a data set is trained on the same splits, for the same epochs, with the same augmentation "
        "and seeds, unless its protocol below lists per-model values. Test accuracy and macro-F1 are of each run's "
        "best checkpoint, chosen as the protocol's model selection says (train.select; by default validation "
        "accuracy, or the last epoch where there is no validation), as mean ± sample "
        "standard deviation over the seeds, with the t-distribution's 95% confidence interval of the mean and "
        "the range. Differences between models are tested on the seeds they share (with 5 seeds the exact "
        "Wilcoxon test cannot go below p = 0.0625, so it takes 6 or more to call a difference significant at "
        "5%; an interval of the mean difference that excludes 0 is the paired t-test's verdict at 5%). Train time is the mean time spent in training epochs (a pretrained model's pretraining included); inference "
        "samples/s was measured while evaluating the test split; batch-1 latency is the median of 20 "
        "single-sample forwards.\n";
  for (const std::string& dataset : plan.datasets) {
    std::vector<const ModelOutcome*> rows, chosen_on_test;
    for (const ModelOutcome& outcome : outcomes) {
      if (outcome.dataset != dataset) continue;
      (selection_of(plan, outcome.model) == RecipeSelection::on_test ? chosen_on_test : rows).push_back(&outcome);
    }
    md << "\n## " << dataset << "\n\n";
    if (rows.empty() && chosen_on_test.empty()) {
      md << "No finished run yet.\n";
      continue;
    }
    std::set<int> threads;
    for (const RunRecord& record : records) {
      if (record.run.dataset == dataset) threads.insert(record.threads);
    }
    std::vector<std::string> thread_counts;
    for (int count : threads) thread_counts.push_back(std::to_string(count));
    md << "Protocol:\n";
    for (const std::string& line : describe_protocol(records, dataset)) md << "- " << line << "\n";
    md << "- seeds: " << seeds_text(plan.seeds) << "; threads: " << join(thread_counts, ", ") << "\n\n"
       << (rows.empty() ? "" : table(plan, rows)) << chosen_recipes(plan, dataset);
    if (!chosen_on_test.empty()) {
      md << "\n‡ Recipes chosen by their test accuracy on these data sets (`chosen_on_test: true`): their figures are "
            "optimistic by that choice, so they stand apart and are not ranked with the others.\n\n"
         << table(plan, chosen_on_test);
    }
    md << paired_table(pair_models(outcomes, dataset));
    const std::string unfinished = unfinished_runs(plan, records, dataset);
    if (!unfinished.empty()) md << "\nNot finished yet: " << unfinished << ".\n";
    bool first = true;
    for (const Plot& plot : plots.plots) {
      if (plot.dataset != dataset) continue;
      md << (first ? "\n" : "") << "![" << plot.title << "](" << plot.file << ")\n";
      first = false;
    }
  }
  md << nested_markdown(plan, nested_estimates(plan, outcomes));
  const RankingInput ranked = ranking_input(plan, outcomes);
  if (const auto ranking = rank_models(ranked.outcomes, ranked.datasets, ranked_models(plan))) {
    md << ranking_section(*ranking);
    for (const Plot& plot : plots.plots) {
      if (plot.dataset.empty()) md << "\n![" << plot.title << "](" << plot.file << ")\n";
    }
  }
  if (!plots.problem.empty()) md << "\nPlots: " << plots.problem << ".\n";
  return md.str();
}

std::string comparison_csv(const std::vector<RunRecord>& records) {
  std::ostringstream csv;
  csv << "dataset,model,seed,test_accuracy,macro_f1,balanced_accuracy,macro_auroc,params,gflops_per_sample,epochs_run,"
         "train_seconds,infer_samples_per_s,latency_ms,directory,recipe_selection\n";
  for (const RunRecord& record : records) {
    csv << record.run.dataset << "," << record.run.model << "," << record.run.seed << ",";
    if (record.tested) {
      csv << format_number("%.6f", record.test_accuracy) << "," << format_number("%.6f", record.macro_f1) << ","
          << (record.balanced_accuracy ? format_number("%.6f", *record.balanced_accuracy) : "") << ","
          << (record.macro_auroc ? format_number("%.6f", *record.macro_auroc) : "");
    } else {
      csv << ",,,";
    }
    csv << "," << record.params << "," << format_number("%.6g", record.gflops_per_sample) << "," << record.history.size()
        << "," << format_number("%.2f", record.train_seconds) << ","
        << (record.tested ? format_number("%.1f", record.infer_samples_per_s) : "") << ","
        << format_number("%.3f", record.latency_ms) << "," << record.run.directory << ","
        << selection_name(record.run.selection) << "\n";
  }
  return csv.str();
}

std::string comparison_json(const ComparePlan& plan, const std::vector<RunRecord>& records,
                            const std::vector<ModelOutcome>& outcomes) {
  const auto mean_std_json = [](const MeanStd& value) {
    return nlohmann::json{{"mean", value.mean}, {"std", value.std}, {"count", value.count}};
  };
  nlohmann::json json;
  json["name"] = plan.name;
  json["file"] = plan.file;
  json["seeds"] = plan.seeds;
  json["datasets"] = plan.datasets;
  json["models"] = plan.models;
  json["planned_runs"] = plan.runs.size();
  json["runs"] = nlohmann::json::array();
  for (const RunRecord& record : records) {
    nlohmann::json run{{"dataset", record.run.dataset},
                       {"model", record.run.model},
                       {"seed", record.run.seed},
                       {"directory", record.run.directory},
                       {"params", record.params},
                       {"gflops_per_sample", record.gflops_per_sample},
                       {"epochs_run", record.history.size()},
                       {"train_seconds", record.train_seconds},
                       {"latency_ms", record.latency_ms},
                       {"threads", record.threads},
                       {"recipe_selection", selection_name(record.run.selection)}};
    if (!record.run.chosen.empty()) run["chosen_recipe"] = record.run.chosen;
    run["test_accuracy"] = record.tested ? nlohmann::json(record.test_accuracy) : nlohmann::json();
    run["macro_f1"] = record.tested ? nlohmann::json(record.macro_f1) : nlohmann::json();
    run["balanced_accuracy"] = record.balanced_accuracy ? nlohmann::json(*record.balanced_accuracy) : nlohmann::json();
    run["macro_auroc"] = record.macro_auroc ? nlohmann::json(*record.macro_auroc) : nlohmann::json();
    run["infer_samples_per_s"] = record.tested ? nlohmann::json(record.infer_samples_per_s) : nlohmann::json();
    json["runs"].push_back(run);
  }
  json["summary"] = nlohmann::json::array();
  for (const ModelOutcome& outcome : outcomes) {
    nlohmann::json row{{"dataset", outcome.dataset},
                       {"model", outcome.model},
                       {"seeds", outcome.seeds},
                       {"params", outcome.params},
                       {"gflops_per_sample", outcome.gflops_per_sample},
                       {"train_seconds", mean_std_json(outcome.train_seconds)},
                       {"latency_ms", mean_std_json(outcome.latency_ms)}};
    if (outcome.tested) {
      row["test_accuracy"] = mean_std_json(outcome.accuracy);
      const stats::SampleDescription accuracy = describe_accuracy(outcome);
      row["test_accuracy"]["by_seed"] = outcome.accuracies;
      row["test_accuracy"]["min"] = accuracy.min;
      row["test_accuracy"]["max"] = accuracy.max;
      if (accuracy.mean_interval) {
        row["test_accuracy"]["ci95"] = {accuracy.mean_interval->low, accuracy.mean_interval->high};
      }
      row["macro_f1"] = mean_std_json(outcome.macro_f1);
      row["balanced_accuracy"] = mean_std_json(outcome.balanced_accuracy);
      row["macro_auroc"] = mean_std_json(outcome.macro_auroc);
      row["infer_samples_per_s"] = mean_std_json(outcome.infer_samples_per_s);
      row["confusion_matrix"] = outcome.confusion;
      row["class_names"] = outcome.class_names;
    }
    json["summary"].push_back(row);
  }
  json["paired"] = nlohmann::json::array();
  for (const std::string& dataset : plan.datasets) {
    for (const PairedModels& pair : pair_models(outcomes, dataset)) {
      const stats::SampleDescription& difference = pair.comparison.difference;
      nlohmann::json row{{"dataset", dataset},
                         {"first", pair.first},
                         {"second", pair.second},
                         {"seeds", pair.seeds},
                         {"mean_difference", difference.mean},
                         {"wilcoxon_p", pair.comparison.wilcoxon.p_value},
                         {"wilcoxon_pairs_used", pair.comparison.wilcoxon.n},
                         {"verdict", stats::paired_verdict(pair.comparison)}};
      if (difference.mean_interval) row["ci95"] = {difference.mean_interval->low, difference.mean_interval->high};
      json["paired"].push_back(row);
    }
  }
  json["nested"] = nlohmann::json::array();
  for (const NestedEstimate& estimate : nested_estimates(plan, outcomes)) {
    json["nested"].push_back({{"dataset", estimate.dataset},
                              {"model", estimate.model},
                              {"fold_means", estimate.fold_means},
                              {"complete", estimate.complete},
                              {"test_accuracy", {{"mean", estimate.accuracy.mean}, {"std", estimate.accuracy.std}}}});
  }
  const RankingInput ranked = ranking_input(plan, outcomes);
  if (const auto ranking = rank_models(ranked.outcomes, ranked.datasets, ranked_models(plan))) {
    const stats::CriticalDifferenceDiagram& diagram = ranking->diagram;
    nlohmann::json ranks = nlohmann::json::object();
    for (size_t i = 0; i < diagram.models.size(); ++i) ranks[diagram.models[i]] = diagram.average_ranks[i];
    nlohmann::json cliques = nlohmann::json::array();
    for (const stats::Clique& clique : diagram.cliques) {
      cliques.push_back(std::vector<std::string>(diagram.models.begin() + static_cast<std::ptrdiff_t>(clique.first),
                                                 diagram.models.begin() + static_cast<std::ptrdiff_t>(clique.last) + 1));
    }
    json["ranking"] = {{"datasets", ranking->datasets},
                       {"average_ranks", ranks},
                       {"friedman_chi_square", ranking->friedman.chi_square},
                       {"friedman_p", ranking->friedman.chi_square_p},
                       {"iman_davenport_p", ranking->friedman.iman_davenport_p},
                       {"method", diagram.method == stats::CdMethod::nemenyi ? "nemenyi" : "wilcoxon_holm"},
                       {"not_significantly_different", cliques}};
    if (diagram.critical_difference) json["ranking"]["critical_difference"] = *diagram.critical_difference;
  }
  return json.dump(2) + "\n";
}

void write_comparison_report(const ComparePlan& plan, const std::vector<RunRecord>& records,
                             const std::vector<ModelOutcome>& outcomes, const PlotResult& plots) {
  write_text_atomically(plan.output + "/results.csv", comparison_csv(records));
  write_text_atomically(plan.output + "/results.json", comparison_json(plan, records, outcomes));
  write_text_atomically(plan.output + "/report.md", comparison_markdown(plan, records, outcomes, plots));
}

}  // namespace sigvit
