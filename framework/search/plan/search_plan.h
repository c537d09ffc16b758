#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sigvit {

// One config key a search varies: a list of choices (grid or random), or a
// range drawn uniformly, or on a log scale, by random search.
struct SearchKey {
  enum class Kind { choices, range, log_range };
  std::string key;                   // dotted, as --set takes it: "train.lr"
  Kind kind = Kind::choices;
  std::vector<std::string> choices;  // YAML text of each value ("0.001", "[16, 16]")
  double low = 0, high = 0;          // ranges
  bool integer = false;              // a range of whole numbers (both bounds written as integers)
};

// A named set of overrides: candidates are each recipe combined with each
// point of the space.
struct SearchRecipe {
  std::string label;
  std::vector<std::string> overrides;  // "key=value"
};

// Which epoch of a fold run scores it: the last (what a run without
// validation keeps, and the default) or the one with the best validation
// accuracy (what a run that selects on validation keeps). On a fold of a few
// dozen cases the best of hundreds of epochs is the maximum of noisy
// readings: it saturates and favours the noisiest candidates.
enum class FoldScore { last_epoch, best_epoch };

// A search file (configs/README.md, "Searches (`sigvit search`)").
struct SearchPlan {
  std::string name;
  std::string file;
  std::string experiment;  // absolute path of the experiment every candidate starts from
  std::string model_config;  // a model file whose `model:` replaces the experiment's; may be empty
  std::string output;      // default runs/search/<name>
  int64_t folds = 5;       // stratified folds of the training split
  uint64_t fold_seed = 0;
  std::vector<uint64_t> seeds{0};  // runs per candidate and fold
  FoldScore score = FoldScore::last_epoch;
  bool random = false;             // strategy: random (else grid)
  int64_t trials = 10;             // random: candidates drawn
  uint64_t sample_seed = 0;
  std::vector<std::string> set;    // overrides for every run
  std::vector<SearchKey> space;
  std::vector<SearchRecipe> recipes;
  // Successive halving: the train.epochs of each rung, growing; after every
  // rung but the last only the best `keep` share of the candidates go on
  // (at least one). Empty: one rung at the experiment's own epochs.
  std::vector<int64_t> rung_epochs;
  double keep = 1.0 / 3.0;
};

// One configuration the search scores.
struct Candidate {
  std::string label;                   // c01, c02, ... in plan order, after its recipe: "mixup-c03"
  std::vector<std::string> overrides;  // its recipe's, then its point of the space
};

// Reads and checks a search file; errors name the file, line and key.
SearchPlan read_search_plan(const std::string& path);

// What a comparison gives the search of one of its models on one data set:
// the run's experiment, model file and overrides, and where to train.
struct SearchBase {
  std::string name;
  std::string experiment;
  std::string model_config;
  std::vector<std::string> set;  // "key=value"
  std::string output;
  // More overrides for named recipes, after the recipe's own: a data set's
  // patch size for one embedder, say.
  std::map<std::string, std::vector<std::string>> recipe_set;
};

// The `search:` mapping of the comparison file's `models:` entry
// `model_entry` (the keys of a search file but name, experiment, output and
// set) on top of `base`. A recipe_set naming no recipe of the search is an
// error.
SearchPlan read_model_search(const std::string& compare_file, size_t model_entry, const SearchBase& base);

// Grid: every recipe with every combination of choices (a range is an error:
// it has no grid). Random: `trials` draws, each a recipe and a value per key,
// fixed by sample_seed.
std::vector<Candidate> search_candidates(const SearchPlan& plan);

// Where rung `rung` of the search trains its fold runs: <output>/folds, or
// <output>/rungN under successive halving.
std::string rung_output(const SearchPlan& plan, size_t rung);
size_t rung_count(const SearchPlan& plan);

// The comparison file that trains `candidates` on every fold with every seed
// (a data set per fold, a model per candidate) for rung `rung`, so that sigvit
// compare's resumption, locks, --jobs and --shard serve the search.
std::string folds_comparison_yaml(const SearchPlan& plan, const std::vector<Candidate>& candidates, size_t rung);

// How many of `count` candidates go on to the next rung.
size_t survivors(const SearchPlan& plan, size_t count);

// The chosen candidate as a ready experiment: `base:` the search's
// experiment, then the search's and the candidate's keys.
std::string chosen_experiment_yaml(const SearchPlan& plan, const Candidate& chosen);

}  // namespace sigvit
