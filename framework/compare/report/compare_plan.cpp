#include "compare/report/compare_plan.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "core/text.h"
#include "sigvit/error.h"

namespace fs = std::filesystem;

namespace sigvit {
namespace {

// Labels become folder names and table rows.
void check_label(const ConfigNode& node, const std::string& label) {
  const bool usable = !label.empty() && label != "." && label != ".." &&
                      std::all_of(label.begin(), label.end(), [](char c) {
                        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
                               c == '+';
                      });
  if (!usable) node.fail("expected a label of letters, digits and _ - . + (it names a folder), got '" + label + "'");
}

std::string file_beside(const ConfigNode& node, const std::string& folder) {
  const std::string name = node.as<std::string>();
  const fs::path path = fs::path(name).is_absolute() ? fs::path(name) : fs::path(folder) / name;
  if (!fs::exists(path)) node.fail("file '" + path.string() + "' does not exist (relative paths resolve against the comparison file's folder)");
  return fs::weakly_canonical(path).string();
}

// A mapping of dotted keys to values as overrides, in the order written.
std::vector<PlannedOverride> overrides_in(const ConfigNode& mapping) {
  std::vector<PlannedOverride> overrides;
  for (const std::string& key : mapping.keys()) {
    YAML::Emitter value;
    value.SetMapFormat(YAML::Flow);
    value.SetSeqFormat(YAML::Flow);
    value << mapping.child(key).yaml();
    overrides.push_back({key + "=" + value.c_str(), mapping.child(key).where()});
  }
  return overrides;
}

// `set:` — dotted keys to values.
std::vector<PlannedOverride> overrides_of(const ConfigNode& entry) {
  if (!entry.has("set")) return {};
  const ConfigNode set = entry.child("set");
  if (!set.is_map()) set.fail("expected a mapping of dotted keys to values, e.g. {train.epochs: 100}");
  return overrides_in(set);
}

void append(std::vector<PlannedOverride>& to, const std::vector<PlannedOverride>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

struct Axis {
  std::string label;
  bool pretrained = false;  // models only
  std::vector<PlannedOverride> pretrain_overrides;
  RecipeSelection selection = RecipeSelection::fixed;  // models only
  int64_t outer_folds = 0;                             // data sets only
  uint64_t outer_seed = 0;
  std::string file;  // experiment (data sets) or model config (models); may be empty
  std::vector<PlannedOverride> overrides;
};

// `pretrain: true`, or a mapping of dotted keys for the pretraining run, e.g.
// {train.epochs: 200, pretrain.mask_ratio: 0.5}.
void read_pretrain(const ConfigNode& entry, bool& pretrained, std::vector<PlannedOverride>& overrides) {
  if (!entry.has("pretrain")) return;
  const ConfigNode pretrain = entry.child("pretrain");
  if (pretrain.is_scalar()) {
    pretrained = pretrain.as<bool>();
    return;
  }
  if (!pretrain.is_map()) pretrain.fail("expected true or a mapping of dotted keys for the pretraining run");
  pretrained = true;
  overrides = overrides_in(pretrain);
}

// `search:` (a mapping the search layer reads) or `chosen_on_test: true`.
RecipeSelection read_selection(const ConfigNode& entry, bool pretrained) {
  const bool on_test = entry.get<bool>("chosen_on_test", false);
  if (!entry.has("search")) return on_test ? RecipeSelection::on_test : RecipeSelection::fixed;
  const ConfigNode search = entry.child("search");
  if (!search.is_map()) search.fail("expected a mapping: the search's recipes or space, folds and seeds (configs/README.md, \"Searches\")");
  if (on_test) entry.child("chosen_on_test").fail("a model with search: is chosen on validation folds, not on test");
  if (pretrained) entry.child("pretrain").fail("a model with search: cannot pretrain: the search's fold runs do not");
  return RecipeSelection::on_validation_folds;
}

// `outer_folds: K` (and `outer_seed`): nested cross-validation on the
// training split instead of the test split.
void read_outer_folds(const ConfigNode& entry, Axis& item) {
  if (!entry.has("outer_folds")) {
    if (entry.has("outer_seed")) entry.child("outer_seed").fail("outer_seed needs outer_folds");
    return;
  }
  item.outer_folds = entry.child("outer_folds").as<int64_t>();
  if (item.outer_folds < 2) entry.child("outer_folds").fail("expected 2 or more folds");
  const int64_t seed = entry.get<int64_t>("outer_seed", 0);
  if (seed < 0) entry.child("outer_seed").fail("expected an integer >= 0");
  item.outer_seed = static_cast<uint64_t>(seed);
}

std::vector<Axis> read_axis(const ConfigNode& list, const std::string& file_key, const std::string& folder) {
  if (!list.is_sequence() || list.elements().empty()) {
    list.fail("expected a non-empty list of entries with 'label' (and optional '" + file_key + "', 'set')");
  }
  const bool models = file_key == "model_config";
  std::vector<Axis> axis;
  for (const ConfigNode& entry : list.elements()) {
    if (models) {
      entry.expect_keys({"label", file_key, "set", "pretrain", "search", "chosen_on_test"});
    } else {
      entry.expect_keys({"label", file_key, "set", "outer_folds", "outer_seed"});
    }
    Axis item{entry.require<std::string>("label"), false, {}, RecipeSelection::fixed, 0, 0, "", overrides_of(entry)};
    if (models) {
      read_pretrain(entry, item.pretrained, item.pretrain_overrides);
      item.selection = read_selection(entry, item.pretrained);
    } else {
      read_outer_folds(entry, item);
    }
    check_label(entry.child("label"), item.label);
    for (const Axis& earlier : axis) {
      if (earlier.label == item.label) entry.child("label").fail("label '" + item.label + "' is used twice");
    }
    if (entry.has(file_key)) item.file = file_beside(entry.child(file_key), folder);
    axis.push_back(std::move(item));
  }
  return axis;
}

const Axis& find_label(const std::vector<Axis>& axis, const ConfigNode& node, const std::string& what) {
  const std::string label = node.as<std::string>();
  std::vector<std::string> labels;
  for (const Axis& item : axis) {
    if (item.label == label) return item;
    labels.push_back(item.label);
  }
  node.fail(unknown_name("no " + what + " labelled", label, labels, "the " + what + "s are"));
}

// A cell's `recipe:`: one of the recipes its model's search chooses among,
// which the cell's overrides then follow on that data set only.
std::string searched_recipe(const ConfigNode& model_entry, const ConfigNode& recipe_node) {
  const std::string recipe = recipe_node.as<std::string>();
  const std::string model = model_entry.require<std::string>("label");
  if (!model_entry.has("search") || !model_entry.child("search").has("recipes") ||
      !model_entry.child("search").child("recipes").is_map()) {
    recipe_node.fail("model '" + model + "' has no search with recipes: a cell's recipe names one of them");
  }
  const std::vector<std::string> recipes = model_entry.child("search").child("recipes").keys();
  if (std::find(recipes.begin(), recipes.end(), recipe) == recipes.end()) {
    recipe_node.fail(unknown_name("model '" + model + "' has no recipe named", recipe, recipes, "its recipes are"));
  }
  return recipe;
}

void add_label(std::vector<std::string>& labels, const std::string& label) {
  if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
}

// The matrix form: every model on every data set.
void expand_matrix(const ConfigNode& root, const std::string& folder, const std::string& default_experiment,
                   std::vector<PlannedRun>& runs, std::vector<NestedDataset>& nested) {
  const std::vector<Axis> datasets = read_axis(root.child("datasets"), "experiment", folder);
  const std::vector<Axis> models = read_axis(root.child("models"), "model_config", folder);
  std::map<std::pair<std::string, std::string>, std::vector<PlannedOverride>> cells;
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<PlannedOverride>>> recipe_cells;
  if (root.has("cells")) {
    const ConfigNode list = root.child("cells");
    if (!list.is_sequence()) list.fail("expected a list of {dataset, model, set} entries (and optional recipe)");
    for (const ConfigNode& cell : list.elements()) {
      cell.expect_keys({"dataset", "model", "recipe", "set"});
      const std::string dataset = find_label(datasets, cell.child("dataset"), "data set").label;
      const Axis& model = find_label(models, cell.child("model"), "model");
      if (cell.has("recipe")) {
        const size_t entry = static_cast<size_t>(&model - models.data());
        const std::string recipe = searched_recipe(root.child("models").elements().at(entry), cell.child("recipe"));
        append(recipe_cells[{dataset, model.label}][recipe], overrides_of(cell));
      } else {
        append(cells[{dataset, model.label}], overrides_of(cell));
      }
    }
  }
  for (const Axis& dataset : datasets) {
    const std::string experiment = dataset.file.empty() ? default_experiment : dataset.file;
    if (experiment.empty()) {
      root.child("datasets").fail("data set '" + dataset.label +
                                  "' has no experiment: give it 'experiment:' or give the comparison one");
    }
    // A nested data set is one data set per outer fold; a plain one, itself.
    std::vector<std::pair<std::string, std::vector<PlannedOverride>>> parts{{dataset.label, {}}};
    if (dataset.outer_folds > 0) {
      parts.clear();
      nested.push_back({dataset.label, {}});
      for (int64_t fold = 0; fold < dataset.outer_folds; ++fold) {
        const std::string label = dataset.label + "-outer" + std::to_string(fold);
        const std::string folds = "{folds: " + std::to_string(dataset.outer_folds) + ", fold: " + std::to_string(fold) +
                                  ", seed: " + std::to_string(dataset.outer_seed) + "}";
        parts.push_back({label, {{"data.outer_cv=" + folds, "outer fold " + std::to_string(fold) + " of " + dataset.label}}});
        nested.back().folds.push_back(label);
      }
    }
    for (const auto& [label, outer] : parts) {
      for (size_t entry = 0; entry < models.size(); ++entry) {
        const Axis& model = models[entry];
        PlannedRun run;
        run.dataset = label;
        run.model = model.label;
        run.experiment = experiment;
        run.model_config = model.file;
        run.pretrained = model.pretrained;
        run.pretrain_overrides = model.pretrain_overrides;
        run.selection = model.selection;
        run.model_entry = entry;
        append(run.overrides, dataset.overrides);
        append(run.overrides, outer);
        append(run.overrides, model.overrides);
        append(run.overrides, cells[{dataset.label, model.label}]);
        run.recipe_overrides = recipe_cells[{dataset.label, model.label}];
        runs.push_back(std::move(run));
      }
    }
  }
}

// The list form: each entry one (data set, model) pair.
void expand_list(const ConfigNode& root, const std::string& folder, const std::string& default_experiment,
                 std::vector<PlannedRun>& runs) {
  const ConfigNode list = root.child("runs");
  if (!list.is_sequence() || list.elements().empty()) {
    list.fail("expected a non-empty list of {dataset, model, experiment, model_config, set} entries");
  }
  for (const ConfigNode& entry : list.elements()) {
    entry.expect_keys({"dataset", "model", "experiment", "model_config", "set", "pretrain"});
    PlannedRun run;
    read_pretrain(entry, run.pretrained, run.pretrain_overrides);
    run.dataset = entry.require<std::string>("dataset");
    run.model = entry.require<std::string>("model");
    check_label(entry.child("dataset"), run.dataset);
    check_label(entry.child("model"), run.model);
    for (const PlannedRun& earlier : runs) {
      if (earlier.dataset == run.dataset && earlier.model == run.model) {
        entry.fail("model '" + run.model + "' on data set '" + run.dataset + "' is listed twice");
      }
    }
    run.experiment = entry.has("experiment") ? file_beside(entry.child("experiment"), folder) : default_experiment;
    if (run.experiment.empty()) entry.fail("no experiment: give the entry 'experiment:' or give the comparison one");
    if (entry.has("model_config")) run.model_config = file_beside(entry.child("model_config"), folder);
    run.overrides = overrides_of(entry);
    runs.push_back(std::move(run));
  }
}

// One seed says little about a model on small data (a shipped result moved
// 13 points with the CPU alone), so a comparison runs five unless told.
constexpr int64_t default_seed_count = 5;

std::vector<uint64_t> read_seeds(const ConfigNode& root) {
  std::vector<uint64_t> seeds;
  if (!root.has("seeds") || root.child("seeds").is_scalar()) {
    // `seeds: N` is 0..N-1.
    const int64_t count = root.get<int64_t>("seeds", default_seed_count);
    if (count < 1) root.child("seeds").fail("expected a count >= 1 or a list of seeds, e.g. 5 or [0, 1, 2]");
    for (int64_t seed = 0; seed < count; ++seed) seeds.push_back(static_cast<uint64_t>(seed));
    return seeds;
  }
  const ConfigNode node = root.child("seeds");
  const std::vector<int64_t> values = node.as<std::vector<int64_t>>();
  if (values.empty()) node.fail("expected a non-empty list of seeds, e.g. [0, 1, 2]");
  for (int64_t value : values) {
    if (value < 0) node.fail("expected seeds >= 0");
    if (std::find(seeds.begin(), seeds.end(), static_cast<uint64_t>(value)) != seeds.end()) {
      node.fail("seed " + std::to_string(value) + " is listed twice");
    }
    seeds.push_back(static_cast<uint64_t>(value));
  }
  return seeds;
}

// Erases the origins at and below `key` and copies those `from` has there.
void replace_origins(ConfigOrigins& origins, const ConfigOrigins& from, const std::string& key) {
  const auto below = [&](const std::string& path) {
    return path == key || path.rfind(key + ".", 0) == 0 || path.rfind(key + "[", 0) == 0;
  };
  for (auto it = origins.begin(); it != origins.end();) it = below(it->first) ? origins.erase(it) : std::next(it);
  for (const auto& [path, origin] : from) {
    if (below(path)) origins[path] = origin;
  }
}

}  // namespace

RecipeSelection selection_of(const ComparePlan& plan, const std::string& model) {
  for (const PlannedRun& run : plan.runs) {
    if (run.model == model) return run.selection;
  }
  return RecipeSelection::fixed;
}

std::vector<std::string> ranked_models(const ComparePlan& plan) {
  std::vector<std::string> ranked;
  for (const std::string& model : plan.models) {
    if (selection_of(plan, model) != RecipeSelection::on_test) ranked.push_back(model);
  }
  return ranked;
}

std::string PlannedRun::label() const { return dataset + " / " + model + " / seed " + std::to_string(seed); }

ComparePlan read_compare_plan(const std::string& path, const std::vector<std::string>& overrides) {
  const LoadedConfig config = load_config(path);
  const ConfigNode root = config.node();
  root.expect_keys({"name", "output", "seeds", "experiment", "set", "datasets", "models", "cells", "runs"});
  const std::string folder = fs::path(path).parent_path().string();

  ComparePlan plan;
  plan.file = path;
  plan.name = root.get<std::string>("name", fs::path(path).stem().string());
  check_label(root.has("name") ? root.child("name") : root, plan.name);
  plan.output = root.get<std::string>("output", "runs/compare/" + plan.name);
  plan.seeds = read_seeds(root);
  const std::string default_experiment = root.has("experiment") ? file_beside(root.child("experiment"), folder) : "";

  const bool matrix = root.has("datasets") || root.has("models") || root.has("cells");
  if (matrix && root.has("runs")) {
    root.child("runs").fail("give either 'runs:' (a list) or 'datasets:', 'models:' and 'cells:' (a matrix), not both");
  }
  std::vector<PlannedRun> pairs;
  if (root.has("runs")) {
    expand_list(root, folder, default_experiment, pairs);
  } else if (root.has("datasets") && root.has("models")) {
    expand_matrix(root, folder, default_experiment, pairs, plan.nested);
  } else {
    root.fail("expected 'datasets:' and 'models:' (every model on every data set) or 'runs:' (a list of pairs)");
  }

  const std::vector<PlannedOverride> everywhere = overrides_of(root);
  for (const PlannedRun& pair : pairs) {
    add_label(plan.datasets, pair.dataset);
    add_label(plan.models, pair.model);
  }
  for (const std::string& dataset : plan.datasets) {
    for (const PlannedRun& pair : pairs) {
      if (pair.dataset != dataset) continue;
      for (uint64_t seed : plan.seeds) {
        PlannedRun run = pair;
        run.seed = seed;
        run.overrides = everywhere;
        append(run.overrides, pair.overrides);
        for (const std::string& assignment : overrides) run.overrides.push_back({assignment, "--set " + assignment});
        run.directory = (fs::path(plan.output) / "runs" / run.dataset / run.model / ("seed" + std::to_string(seed)))
                            .string();
        plan.runs.push_back(std::move(run));
      }
    }
  }
  return plan;
}

namespace {

LoadedConfig compose(const PlannedRun& run, bool pretraining) {
  LoadedConfig config = load_config(run.experiment);
  if (!run.model_config.empty()) {
    const LoadedConfig model_file = load_config(run.model_config);
    const ConfigNode model = model_file.node().child("model");
    if (!model.is_map()) model_file.node().fail("expected a 'model:' section (it replaces the experiment's)");
    YAML::Node section = YAML::Clone(model.yaml());
    section.remove("input_shape");
    section.remove("num_classes");
    config.root["model"] = section;
    replace_origins(*config.origins, *model_file.origins, "model");
    // A plugin the model file names is found beside the model file.
    if (model_file.root["plugins"]) {
      const fs::path folder = fs::path(run.model_config).parent_path();
      for (const std::string& plugin : model_file.node().child("plugins").as<std::vector<std::string>>()) {
        const bool beside = fs::path(plugin).is_relative() && fs::exists(folder / plugin);
        config.root["plugins"].push_back(beside ? (folder / plugin).string() : plugin);
      }
    }
  }
  for (const PlannedOverride& item : run.overrides) apply_override(config, item.assignment, item.origin);
  const std::string label = run.label();
  const auto quoted = [](const std::string& text) {
    YAML::Emitter out;
    out << YAML::DoubleQuoted << text;
    return std::string(out.c_str());
  };
  if (pretraining) {
    for (const PlannedOverride& item : run.pretrain_overrides) apply_override(config, item.assignment, item.origin);
  } else if (run.pretrained) {
    apply_override(config, "model.pretrained=" + quoted(run.pretrain_directory() + "/last.ckpt"), label);
  }
  apply_override(config, "seed=" + std::to_string(run.seed), "seed of " + label);
  apply_override(config, "name=" + run.dataset + "-" + run.model + "-seed" + std::to_string(run.seed), label);
  apply_override(config, "output=" + quoted(pretraining ? run.pretrain_directory() : run.directory), label);
  return config;
}

}  // namespace

LoadedConfig compose_run_config(const PlannedRun& run) { return compose(run, false); }

LoadedConfig compose_pretrain_config(const PlannedRun& run) { return compose(run, true); }


}  // namespace sigvit
