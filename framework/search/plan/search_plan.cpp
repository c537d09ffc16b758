#include "search/plan/search_plan.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "config/config_loader.h"
#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

// A value as one line of YAML: what an override ("key=value") carries.
std::string flow_text(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

std::vector<std::string> overrides_of(const ConfigNode& mapping) {
  if (!mapping.is_map()) mapping.fail("expected a mapping of dotted keys to values, e.g. {train.lr: 0.001}");
  std::vector<std::string> overrides;
  for (const std::string& key : mapping.keys()) overrides.push_back(key + "=" + flow_text(mapping.child(key).yaml()));
  return overrides;
}

SearchKey read_key(const ConfigNode& node, const std::string& key) {
  SearchKey parsed;
  parsed.key = key;
  if (node.is_sequence()) {
    for (const ConfigNode& value : node.elements()) parsed.choices.push_back(flow_text(value.yaml()));
    if (parsed.choices.empty()) node.fail("expected at least one choice");
    return parsed;
  }
  if (!node.is_map() || node.keys().size() != 1)
    node.fail("expected a list of choices, {range: [low, high]} or {log_range: [low, high]}");
  const std::string kind = node.keys().front();
  if (kind != "range" && kind != "log_range") node.fail("expected range or log_range, got '" + kind + "'");
  const ConfigNode bounds = node.child(kind);
  const auto values = bounds.as<std::vector<double>>();
  if (values.size() != 2 || !(values[0] < values[1]))
    bounds.fail("expected [low, high] with low < high");
  if (kind == "log_range" && !(values[0] > 0)) bounds.fail("a log range needs low > 0");
  parsed.kind = kind == "range" ? SearchKey::Kind::range : SearchKey::Kind::log_range;
  parsed.low = values[0];
  parsed.high = values[1];
  const auto whole = [](const YAML::Node& value) { return value.Scalar().find_first_of(".eE") == std::string::npos; };
  parsed.integer = whole(bounds.yaml()[0]) && whole(bounds.yaml()[1]);
  return parsed;
}

// In [0, 1) from the engine's raw bits: the same draws with every standard library.
double unit(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * (1.0 / 9007199254740992.0); }

std::string drawn(const SearchKey& key, std::mt19937_64& engine) {
  if (key.kind == SearchKey::Kind::choices) return key.choices[engine() % key.choices.size()];
  const double u = unit(engine);
  const double value = key.kind == SearchKey::Kind::range
                           ? key.low + u * (key.high - key.low)
                           : std::exp(std::log(key.low) + u * (std::log(key.high) - std::log(key.low)));
  if (key.integer) return std::to_string(std::llround(value));
  return format_number("%.6g", value);
}

std::string label_of(size_t index, size_t count) {
  const std::string number = std::to_string(index + 1);
  const size_t width = std::to_string(count).size() < 2 ? 2 : std::to_string(count).size();
  return "c" + std::string(width - number.size(), '0') + number;
}

// "a.b=v" as the mapping entry a.b: v of a comparison's `set`.
void add_assignment(YAML::Node& set, const std::string& assignment) {
  const size_t equals = assignment.find('=');
  set[assignment.substr(0, equals)] = YAML::Load(assignment.substr(equals + 1));
}

}  // namespace

namespace {

// The keys a search file and a comparison model's `search:` share: how to
// score, and what to choose between.
void read_choices(const ConfigNode& root, SearchPlan& plan) {
  plan.folds = root.get<int64_t>("folds", plan.folds);
  if (plan.folds < 2) root.child("folds").fail("expected 2 or more folds");
  plan.fold_seed = static_cast<uint64_t>(root.get<int64_t>("fold_seed", 0));
  if (root.has("seeds")) {
    const ConfigNode seeds = root.child("seeds");
    plan.seeds.clear();
    if (seeds.is_scalar()) {
      const auto count = seeds.as<int64_t>();
      if (count < 1) seeds.fail("expected a count >= 1 or a list of seeds");
      for (int64_t seed = 0; seed < count; ++seed) plan.seeds.push_back(static_cast<uint64_t>(seed));
    } else {
      for (const int64_t seed : seeds.as<std::vector<int64_t>>()) plan.seeds.push_back(static_cast<uint64_t>(seed));
      if (plan.seeds.empty()) seeds.fail("expected at least one seed");
    }
  }
  const std::string score = root.get<std::string>("score", "last_epoch");
  if (score != "last_epoch" && score != "best_epoch") root.child("score").fail("expected last_epoch or best_epoch");
  plan.score = score == "best_epoch" ? FoldScore::best_epoch : FoldScore::last_epoch;
  const std::string strategy = root.get<std::string>("strategy", "grid");
  if (strategy != "grid" && strategy != "random") root.child("strategy").fail("expected grid or random");
  plan.random = strategy == "random";
  plan.trials = root.get<int64_t>("trials", plan.trials);
  if (plan.trials < 1) root.child("trials").fail("expected 1 or more");
  plan.sample_seed = static_cast<uint64_t>(root.get<int64_t>("sample_seed", 0));
  if (root.has("space")) {
    const ConfigNode space = root.child("space");
    if (!space.is_map()) space.fail("expected a mapping of dotted keys to choices or ranges");
    for (const std::string& key : space.keys()) {
      plan.space.push_back(read_key(space.child(key), key));
      if (!plan.random && plan.space.back().kind != SearchKey::Kind::choices)
        space.child(key).fail("a range has no grid: give choices, or strategy: random");
    }
  }
  if (root.has("recipes")) {
    const ConfigNode recipes = root.child("recipes");
    if (!recipes.is_map()) recipes.fail("expected a mapping of recipe names to {dotted.key: value} overrides");
    for (const std::string& label : recipes.keys()) {
      const ConfigNode recipe = recipes.child(label);
      plan.recipes.push_back({label, recipe.yaml().IsNull() ? std::vector<std::string>{} : overrides_of(recipe)});
    }
  }
  if (root.has("halving")) {
    const ConfigNode halving = root.child("halving");
    if (!halving.is_map()) halving.fail("expected {epochs: [E1, E2, ...], keep: share}");
    halving.expect_keys({"epochs", "keep"});
    plan.rung_epochs = halving.require<std::vector<int64_t>>("epochs");
    for (size_t i = 0; i < plan.rung_epochs.size(); ++i)
      if (plan.rung_epochs[i] < 1 || (i > 0 && plan.rung_epochs[i] <= plan.rung_epochs[i - 1]))
        halving.child("epochs").fail("expected growing numbers of epochs >= 1, one per rung");
    if (plan.rung_epochs.size() < 2) halving.child("epochs").fail("expected two or more rungs");
    plan.keep = halving.get<double>("keep", plan.keep);
    if (!(plan.keep > 0 && plan.keep < 1)) halving.child("keep").fail("expected a share in (0, 1)");
  }
  if (plan.space.empty() && plan.recipes.size() < 2)
    root.fail("nothing to choose between: give a space of keys or two or more recipes");
}

}  // namespace

SearchPlan read_search_plan(const std::string& path) {
  const LoadedConfig config = load_config(path);
  const ConfigNode root = config.node();
  root.expect_keys({"name", "experiment", "output", "set", "folds", "fold_seed", "seeds", "score", "strategy",
                    "trials", "sample_seed", "space", "recipes", "halving"});
  SearchPlan plan;
  plan.file = path;
  plan.name = root.get<std::string>("name", fs::path(path).stem().string());
  const std::string experiment = root.require<std::string>("experiment");
  plan.experiment = fs::absolute(fs::path(path).parent_path() / experiment).lexically_normal().string();
  if (!fs::exists(plan.experiment)) root.child("experiment").fail("no such file: " + plan.experiment);
  plan.output = root.get<std::string>("output", "runs/search/" + plan.name);
  if (root.has("set")) plan.set = overrides_of(root.child("set"));
  read_choices(root, plan);
  return plan;
}

SearchPlan read_model_search(const std::string& compare_file, size_t model_entry, const SearchBase& base) {
  const LoadedConfig config = load_config(compare_file);
  const ConfigNode search = config.node().child("models").elements().at(model_entry).child("search");
  search.expect_keys(
      {"folds", "fold_seed", "seeds", "score", "strategy", "trials", "sample_seed", "space", "recipes", "halving"});
  SearchPlan plan;
  plan.file = compare_file;
  plan.name = base.name;
  plan.experiment = base.experiment;
  plan.model_config = base.model_config;
  plan.output = base.output;
  plan.set = base.set;
  read_choices(search, plan);
  for (const auto& [label, overrides] : base.recipe_set) {
    const auto recipe = std::find_if(plan.recipes.begin(), plan.recipes.end(),
                                     [&](const SearchRecipe& item) { return item.label == label; });
    if (recipe == plan.recipes.end()) {
      std::vector<std::string> labels;
      for (const SearchRecipe& item : plan.recipes) labels.push_back(item.label);
      search.fail(unknown_name("overrides for", label, labels, "this search's recipes are"));
    }
    recipe->overrides.insert(recipe->overrides.end(), overrides.begin(), overrides.end());
  }
  return plan;
}

std::vector<Candidate> search_candidates(const SearchPlan& plan) {
  const std::vector<SearchRecipe> recipes = plan.recipes.empty() ? std::vector<SearchRecipe>{{"", {}}} : plan.recipes;
  std::vector<std::pair<const SearchRecipe*, std::vector<std::string>>> points;
  if (plan.random) {
    std::mt19937_64 engine(plan.sample_seed);
    for (int64_t trial = 0; trial < plan.trials; ++trial) {
      const SearchRecipe& recipe = recipes[engine() % recipes.size()];
      std::vector<std::string> overrides = recipe.overrides;
      for (const SearchKey& key : plan.space) overrides.push_back(key.key + "=" + drawn(key, engine));
      points.emplace_back(&recipe, std::move(overrides));
    }
  } else {
    for (const SearchRecipe& recipe : recipes) {
      std::vector<std::vector<std::string>> product{recipe.overrides};
      for (const SearchKey& key : plan.space) {
        std::vector<std::vector<std::string>> next;
        for (const auto& partial : product)
          for (const std::string& choice : key.choices) {
            next.push_back(partial);
            next.back().push_back(key.key + "=" + choice);
          }
        product = std::move(next);
      }
      for (auto& overrides : product) points.emplace_back(&recipe, std::move(overrides));
    }
  }
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string& recipe = points[i].first->label;
    candidates.push_back({(recipe.empty() ? "" : recipe + "-") + label_of(i, points.size()), points[i].second});
  }
  return candidates;
}

size_t rung_count(const SearchPlan& plan) { return plan.rung_epochs.empty() ? 1 : plan.rung_epochs.size(); }

std::string rung_output(const SearchPlan& plan, size_t rung) {
  return plan.output + (plan.rung_epochs.empty() ? std::string("/folds") : "/rung" + std::to_string(rung));
}

size_t survivors(const SearchPlan& plan, size_t count) {
  return std::max<size_t>(1, static_cast<size_t>(std::ceil(plan.keep * static_cast<double>(count) - 1e-9)));
}

std::string folds_comparison_yaml(const SearchPlan& plan, const std::vector<Candidate>& candidates, size_t rung) {
  YAML::Node root;
  root["name"] = plan.name + (plan.rung_epochs.empty() ? std::string("-folds") : "-rung" + std::to_string(rung));
  root["output"] = fs::absolute(rung_output(plan, rung)).lexically_normal().string();
  for (uint64_t seed : plan.seeds) root["seeds"].push_back(seed);
  root["experiment"] = plan.experiment;
  std::vector<std::string> every_run = plan.set;
  if (!plan.rung_epochs.empty()) every_run.push_back("train.epochs=" + std::to_string(plan.rung_epochs[rung]));
  if (!every_run.empty()) {
    YAML::Node set;
    for (const std::string& assignment : every_run) add_assignment(set, assignment);
    root["set"] = set;
  }
  for (int64_t fold = 0; fold < plan.folds; ++fold) {
    YAML::Node dataset;
    dataset["label"] = "fold" + std::to_string(fold);
    YAML::Node cv;
    cv["folds"] = plan.folds;
    cv["fold"] = fold;
    cv["seed"] = plan.fold_seed;
    dataset["set"]["data.cv"] = cv;
    root["datasets"].push_back(dataset);
  }
  for (const Candidate& candidate : candidates) {
    YAML::Node model;
    model["label"] = candidate.label;
    if (!plan.model_config.empty()) model["model_config"] = plan.model_config;
    for (const std::string& assignment : candidate.overrides) {
      YAML::Node set = model["set"];
      add_assignment(set, assignment);
    }
    root["models"].push_back(model);
  }
  return "# Written by sigvit search from " + plan.file + ": every candidate on every fold.\n" +
         YAML::Dump(root) + "\n";
}

std::string chosen_experiment_yaml(const SearchPlan& plan, const Candidate& chosen) {
  YAML::Node root;
  root["base"] = plan.experiment;
  if (!plan.model_config.empty()) {
    // As a comparison's model_config: its model section replaces the experiment's.
    const LoadedConfig model_file = load_config(plan.model_config);
    YAML::Node model = YAML::Clone(model_file.node().child("model").yaml());
    model.remove("input_shape");
    model.remove("num_classes");
    model.SetTag("!replace");
    root["model"] = model;
  }
  std::vector<std::string> assignments = plan.set;
  assignments.insert(assignments.end(), chosen.overrides.begin(), chosen.overrides.end());
  for (const std::string& assignment : assignments) {
    const size_t equals = assignment.find('=');
    YAML::Node value = YAML::Load(assignment.substr(equals + 1));
    // As --set does: a mapping replaces the base's whole section.
    if (value.IsMap()) value.SetTag("!replace");
    std::vector<std::string> path;
    std::string key = assignment.substr(0, equals);
    for (size_t dot; (dot = key.find('.')) != std::string::npos; key.erase(0, dot + 1)) path.push_back(key.substr(0, dot));
    path.push_back(key);
    YAML::Node at = root;
    for (size_t i = 0; i + 1 < path.size(); ++i) at.reset(at[path[i]]);
    at[path.back()] = value;
  }
  return "# Chosen by sigvit search " + plan.file + " on validation folds of the training split.\n" +
         YAML::Dump(root) + "\n";
}

}  // namespace sigvit
