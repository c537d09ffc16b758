#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "train/trainer.h"

namespace sigvit {

struct RunRequest {
  std::string config_path;
  std::vector<std::string> overrides;  // "a.b=value"
  std::optional<int> threads;          // replaces the config's `threads`
  bool resume = false;
  bool terminal = false;               // redraw progress in place
};

struct RunOutcome {
  std::string directory;
  FitOutcome outcome = FitOutcome::finished;
  std::optional<double> test_accuracy;
};

// `sigvit run`: trains the experiment in a fresh run directory (or resumes the
// newest unfinished one), then evaluates its best checkpoint on the test split
// and writes result.json. Progress and results go to `out`.
RunOutcome run_experiment(const RunRequest& request, std::ostream& out);

// "cpu", "cuda", "cuda:1"; Error when CUDA is asked for but not available.
torch::Device resolve_device(const std::string& name);

}  // namespace sigvit
