#pragma once

#include <string>
#include <vector>

#include "compare/report/compare_plan.h"
#include "compare/report/comparison_plots.h"
#include "compare/report/comparison_summary.h"
#include "compare/report/run_record.h"

namespace sigvit {

// report.md: per data set, the protocol, a table of its models (test
// accuracy and macro-F1 as mean ± std over seeds, params, GFLOPs per sample,
// train time, inference samples/s, batch-1 latency) and its plots.
std::string comparison_markdown(const ComparePlan& plan, const std::vector<RunRecord>& records,
                                const std::vector<ModelOutcome>& outcomes, const PlotResult& plots);

// results.csv: one row per finished run.
std::string comparison_csv(const std::vector<RunRecord>& records);

// results.json: the runs and the per-model summaries.
std::string comparison_json(const ComparePlan& plan, const std::vector<RunRecord>& records,
                            const std::vector<ModelOutcome>& outcomes);

// Writes the three files above into plan.output, each atomically.
void write_comparison_report(const ComparePlan& plan, const std::vector<RunRecord>& records,
                             const std::vector<ModelOutcome>& outcomes, const PlotResult& plots);

}  // namespace sigvit
