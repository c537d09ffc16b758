#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config_node.h"
#include "data/load/loader_options.h"
#include "engine/train_options.h"

namespace sigvit {

// data.cv: train on all folds of the training split but one and validate on
// that one; the test split is never read (sigvit search scores candidates so).
// data.outer_cv: test on one fold of the training split instead of a test
// split, and train (and validate) on the others: the outer loop of nested
// cross-validation, for data without an official test split.
struct CrossValidation {
  int64_t folds = 0;  // 0: off
  int64_t fold = 0;   // the validation fold, 0..folds-1
  uint64_t seed = 0;  // deals the folds; the same seed, the same folds for every candidate

  bool enabled() const { return folds > 0; }
};

// The `data:` section: which file and splits, and how to load them.
struct DataOptions {
  std::string path;  // relative paths resolve against the working directory
  std::string train_split = "train";
  // Empty: "val" when the file has it, else `val_fraction` of train is held out.
  std::string val_split;
  std::string test_split = "test";
  double val_fraction = 0.1;
  // Draws the held-out cases; independent of the run's seed, so that runs with
  // different seeds, and different models, are selected on the same cases.
  uint64_t val_seed = 0;
  // Share of the training cases whose labels are used, drawn per class (at
  // least one case of each class), for label-efficiency studies: the rest of
  // the split is not trained on. Drawn after the validation cases are held
  // out, by label_seed, independent of the run's seed.
  double label_fraction = 1.0;
  uint64_t label_seed = 0;
  CrossValidation cv;
  CrossValidation outer_cv;
  LoaderOptions loader;
};

// A whole experiment file (configs/README.md, "Experiments"), except `model:`,
// which the model factory reads, and `plugins:`, which the plugin loader reads.
struct ExperimentOptions {
  std::string name;
  uint64_t seed = 0;
  int threads = 0;  // 0: all cores
  std::string device = "cpu";
  // runtime.gemm: who computes linear layers' products (runtime/gemm_backend.h).
  std::string gemm = "onednn";
  std::string output;  // default runs/<name>
  DataOptions data;
  TrainOptions train;
};

// Checks the top-level keys and reads every section but `model:`. Errors name
// the file, line and key.
ExperimentOptions parse_experiment_options(const ConfigNode& root);

}  // namespace sigvit
