#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/config_loader.h"

namespace sigvit {

// One key of a run's config set by the comparison, and where it was set
// ("compare.yaml:14"), so that a wrong key names the line at fault.
struct PlannedOverride {
  std::string assignment;  // "a.b.c=value", the value as YAML
  std::string origin;
};

// How a model's recipe was chosen, which the report shows beside its
// results: fixed before the comparison, chosen by its test accuracy on these
// data sets (`chosen_on_test: true`, optimistic), or chosen per data set on
// validation folds of the training split (`search:`).
enum class RecipeSelection { fixed, on_test, on_validation_folds };

// One training run of a comparison: a model on a data set with a seed.
struct PlannedRun {
  std::string dataset;  // labels, as the comparison names them
  std::string model;
  uint64_t seed = 0;
  std::string experiment;    // the experiment YAML the run starts from
  std::string model_config;  // a YAML whose `model:` replaces the experiment's; may be empty
  std::vector<PlannedOverride> overrides;
  std::string directory;     // <output>/runs/<dataset>/<model>/seed<N>
  // A model with `pretrain:` starts from masked-patch pretraining on the run's
  // own train split, trained first in <directory>/pretrain with these
  // overrides added to the run's (`sigvit pretrain`).
  bool pretrained = false;
  std::vector<PlannedOverride> pretrain_overrides;
  RecipeSelection selection = RecipeSelection::fixed;
  // On validation folds: the index of the model's entry under `models:`,
  // whose `search:` the search layer runs (search/compare_searches.h); once
  // it has, the chosen candidate's overrides follow the run's own and
  // `chosen` describes them. Until then `waiting` says why the run cannot
  // train.
  size_t model_entry = 0;
  // Overrides for one of the search's recipes on this data set (cells with
  // `recipe:`), applied after that recipe's own.
  std::map<std::string, std::vector<PlannedOverride>> recipe_overrides;
  std::string chosen;
  std::string waiting;

  std::string label() const;  // "GunPoint / FCN / seed 1"
  std::string pretrain_directory() const { return directory + "/pretrain"; }
};

// A data set given `outer_folds: K`: tested by nested cross-validation, as K
// data sets "<label>-outer<k>" whose runs test on fold k of the training
// split (data.outer_cv) and train on the others.
struct NestedDataset {
  std::string label;
  std::vector<std::string> folds;  // the fold data sets' labels
};

// A comparison file (configs/README.md, "Comparisons") expanded into its runs.
struct ComparePlan {
  std::string name;
  std::string file;
  std::string output;
  std::vector<uint64_t> seeds;
  std::vector<std::string> datasets;  // labels in the order the file gives them, outer folds expanded
  std::vector<NestedDataset> nested;
  std::vector<std::string> models;
  std::vector<PlannedRun> runs;       // grouped by data set, then model, then seed
};

// How `model`'s recipe was chosen (fixed for a label the plan lacks).
RecipeSelection selection_of(const ComparePlan& plan, const std::string& model);

// The models ranked against each other across data sets: all but those
// chosen on test, whose test accuracy is biased upwards by that choice.
std::vector<std::string> ranked_models(const ComparePlan& plan);

// Reads and checks a comparison file: unknown keys, labels that are not
// usable as folder names or repeat, cells naming an unknown model or data set
// and runs without an experiment are errors naming the file and line.
// `overrides` ("a.b=value") are added to every run, after the file's own.
ComparePlan read_compare_plan(const std::string& path, const std::vector<std::string>& overrides = {});

// The run's experiment config: its experiment file; the model file's
// `model:` section in place of the experiment's (without input_shape and
// num_classes, which each data set supplies); the overrides in order; then
// the run's seed, a name made of its labels and its directory as output.
// For a pretrained model, model.pretrained names the pretraining's last.ckpt.
LoadedConfig compose_run_config(const PlannedRun& run);

// The config of a pretrained model's pretraining: the run's, plus its
// pretrain overrides, with the pretraining directory as output.
LoadedConfig compose_pretrain_config(const PlannedRun& run);

}  // namespace sigvit
