#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "distributed/rank_environment.h"
#include "engine/trainer.h"

namespace sigvit {

struct RunRequest {
  std::string config_path;
  std::vector<std::string> overrides;  // "a.b=value"
  // A config composed by the caller (`sigvit compare`), used instead of
  // loading config_path; config_path then only locates its plugins.
  std::optional<LoadedConfig> config;
  // The run directory to use as it is, instead of a fresh one next to the
  // config's `output`; with `resume`, the run in it is continued.
  std::string directory;
  std::optional<int> threads;          // replaces the config's `threads`
  bool resume = false;
  // `sigvit pretrain`: masked-patch pretraining of the config's ViT instead
  // of classification (train.select defaults to last, output to
  // runs/NAME_pretrain); no test split is evaluated.
  bool pretrain = false;
  bool terminal = false;               // redraw progress in place
  // Warn when data.normalization discards what tells classes apart; a
  // comparison checks once per data set instead.
  bool check_normalization = true;
  // What to print after an interruption to continue; by default the
  // `sigvit run ... --resume` line.
  std::string resume_command;
  // This process's rank in a data-parallel run (docs/distributed.md): every
  // rank trains its share of each batch; rank 0 alone prints and writes.
  RankEnvironment ranks;
};

struct RunOutcome {
  std::string directory;
  FitOutcome outcome = FitOutcome::finished;
  std::optional<double> test_accuracy;
};

// `sigvit run`: trains the experiment in a fresh run directory (or resumes the
// newest unfinished one), then evaluates its best checkpoint on the test split,
// measures its batch-1 latency and writes result.json. Progress and results go
// to `out` (of rank 0; other ranks print nothing).
RunOutcome run_experiment(const RunRequest& request, std::ostream& out);

}  // namespace sigvit
