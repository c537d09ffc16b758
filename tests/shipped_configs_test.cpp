// Every shipped experiment and comparison builds its models and runs them
// forward: a renamed option or a shape that does not fit in configs/ fails
// here, not hours into a comparison. The data files are not needed (CI does
// not prepare them): their shapes are below, and are checked against the
// files wherever datasets/prepare has made them.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "compare/report/compare_plan.h"
#include "config/config_loader.h"
#include "data/format/dataset_reader.h"
#include "model/builtin_models.h"
#include "model/vit/masked_patch_model.h"
#include "search/compare_searches.h"
#include "sigvit/shape_text.h"
#include "test_support.h"

namespace sigvit {
namespace {

namespace fs = std::filesystem;

struct DataShape {
  std::vector<int64_t> case_shape;
  int64_t classes;
};

// What datasets/prepare writes, by file name.
const std::map<std::string, DataShape>& prepared_data_sets() {
  static const std::map<std::string, DataShape> shapes = {
      {"acsf1.h5", {{1, 1460}, 10}},       {"arrowhead.h5", {{1, 251}, 3}},
      {"basicmotions.h5", {{6, 100}, 4}},  {"fashion-mnist.h5", {{1, 28, 28}, 10}},
      {"fsdd.h5", {{1, 8000}, 10}},        {"gunpoint.h5", {{1, 150}, 2}},
      {"italypowerdemand.h5", {{1, 24}, 2}}, {"osuleaf.h5", {{1, 427}, 6}},
  };
  return shapes;
}

std::string source_path(const std::string& relative) { return std::string(SIGVIT_SOURCE_DIR) + "/" + relative; }

const DataShape& shape_of(const LoadedConfig& config) {
  const std::string path = config.root["data"]["path"].as<std::string>();
  const auto found = prepared_data_sets().find(fs::path(path).filename().string());
  if (found == prepared_data_sets().end()) {
    throw std::runtime_error(config.source + ": data.path " + path +
                             " is not a data set datasets/prepare makes; add its shape to this test");
  }
  return found->second;
}

// The shipped configs name plugins where tools/setup builds them; a test
// build may live elsewhere, so a plugin is taken from this build by file name.
void use_plugins_of_this_build(LoadedConfig& config) {
  YAML::Node plugins = config.root["plugins"];
  if (!plugins) return;
  const fs::path built(SIGVIT_SPECTROGRAM_PLUGIN);
  for (std::size_t i = 0; i < plugins.size(); ++i) {
    if (fs::path(plugins[i].as<std::string>()).filename() == built.filename()) plugins[i] = built.string();
  }
}

// Completes the model section as a run does from its data (after a crop,
// if the config crops) and points its plugins at this build.
DataShape complete_from_data(LoadedConfig& config) {
  DataShape data = shape_of(config);
  const YAML::Node crop = config.root["data"]["augment"]["crop_length"];
  if (crop) data.case_shape.back() = crop.as<int64_t>();
  YAML::Node model = config.root["model"];
  if (model["input_shape"] && model["input_shape"].as<std::vector<int64_t>>() != data.case_shape) {
    throw std::runtime_error(config.source + ": model.input_shape is " +
                             shape_to_string(model["input_shape"].as<std::vector<int64_t>>()) + " but the data's cases are " +
                             shape_to_string(data.case_shape));
  }
  if (model["num_classes"] && model["num_classes"].as<int64_t>() != data.classes) {
    throw std::runtime_error(config.source + ": model.num_classes is " + model["num_classes"].as<std::string>() +
                             " but the data set has " + std::to_string(data.classes));
  }
  model["input_shape"] = data.case_shape;
  model["num_classes"] = data.classes;
  use_plugins_of_this_build(config);
  return data;
}

torch::Tensor random_batch_of_2(const DataShape& data) {
  std::vector<int64_t> shape = {2};
  shape.insert(shape.end(), data.case_shape.begin(), data.case_shape.end());
  torch::manual_seed(0);
  return torch::randn(shape);
}

// Builds the model and checks its output for a batch of 2.
void check_model_runs(LoadedConfig config, const std::string& what) {
  SCOPED_TRACE(what);
  const DataShape data = complete_from_data(config);
  std::shared_ptr<Classifier> classifier = build_model_from_config(config.node(), config.source);
  const torch::Tensor logits = testing::eval_logits(*classifier, random_batch_of_2(data));
  ASSERT_EQ(logits.sizes(), (std::vector<int64_t>{2, data.classes}));
  EXPECT_TRUE(torch::isfinite(logits).all().item<bool>());
}

// A pretrained model's pretraining: the same ViT under its `pretrain:`
// options; its reconstruction loss must come out finite.
void check_pretraining_runs(LoadedConfig config, const std::string& what) {
  SCOPED_TRACE(what + " (pretraining)");
  const DataShape data = complete_from_data(config);
  auto vit = std::dynamic_pointer_cast<VisionTransformer>(build_model_from_config(config.node(), config.source));
  ASSERT_TRUE(vit) << "masked-patch pretraining needs a ViT";
  const ConfigNode root = config.node();
  MaskedPatchModel pretraining(vit, root.has("pretrain") ? parse_pretrain_options(root.child("pretrain"))
                                                         : PretrainOptions{});
  torch::NoGradGuard no_grad;
  pretraining.train();
  const torch::Tensor loss = pretraining.forward(ModelInput{random_batch_of_2(data), {}}).loss;
  ASSERT_TRUE(loss.defined());
  EXPECT_TRUE(torch::isfinite(loss).item<bool>());
}

std::vector<std::string> yaml_files_in(const std::string& folder) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(source_path(folder))) {
    if (entry.path().extension() == ".yaml") files.push_back(folder + "/" + entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> shipped_configs() {
  std::vector<std::string> files = yaml_files_in("configs/experiments");
  for (const std::string& file : yaml_files_in("configs/compare")) files.push_back(file);
  return files;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class ShippedConfig : public ::testing::TestWithParam<std::string> {};

// A file with only a `model:` (and its plugins) is a comparison's model file.
bool used_as_model_file(const std::string& file) {
  for (const std::string& other : shipped_configs()) {
    if (!load_config(source_path(other)).root["models"]) continue;
    for (const PlannedRun& run : read_compare_plan(source_path(other)).runs) {
      if (!run.model_config.empty() && fs::equivalent(run.model_config, file)) return true;
    }
  }
  return false;
}

TEST_P(ShippedConfig, EveryModelBuildsAndRunsOnItsDataShape) {
  const std::string file = source_path(GetParam());
  const LoadedConfig config = load_config(file);  // with its `base:` files
  if (!config.root["models"] && !config.root["data"]) {
    EXPECT_TRUE(used_as_model_file(file)) << GetParam() << " has neither data nor models, and no comparison uses it "
                                          << "as a model file";
    return;
  }
  if (!config.root["models"]) {
    check_model_runs(config, GetParam());
    return;
  }
  const ComparePlan plan = read_compare_plan(file);
  ASSERT_FALSE(plan.runs.empty());
  const auto check = [](const PlannedRun& run, const std::string& label) {
    try {
      check_model_runs(compose_run_config(run), label);
      if (run.pretrained) check_pretraining_runs(compose_pretrain_config(run), label);
    } catch (const std::exception& error) {
      ADD_FAILURE() << label << ": " << error.what();
    }
  };
  // Seeds change nothing a model is built from, so one seed per cell.
  // Every cell is checked, so that one report lists all that fail.
  for (const PlannedRun& run : plan.runs) {
    if (run.seed != plan.seeds.front()) continue;
    const std::string what = GetParam() + ": " + run.label();
    if (run.selection != RecipeSelection::on_validation_folds) {
      check(run, what);
      continue;
    }
    // Each candidate the search may choose, as its fold runs build it.
    for (const Candidate& candidate : search_candidates(search_for_run(plan, run))) {
      PlannedRun chosen = run;
      for (const std::string& assignment : candidate.overrides) chosen.overrides.push_back({assignment, "search"});
      check(chosen, what + " / " + candidate.label);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Configs, ShippedConfig, ::testing::ValuesIn(shipped_configs()), test_name);

// The table above against the prepared files, where they exist.
TEST(ShippedConfig, DataShapesMatchThePreparedFiles) {
  int checked = 0;
  for (const auto& [name, expected] : prepared_data_sets()) {
    const std::string path = source_path("datasets/" + name);
    if (!fs::exists(path)) continue;
    const DatasetReader reader(path);
    EXPECT_EQ(reader.split("train").case_shape, expected.case_shape) << path;
    EXPECT_EQ(static_cast<int64_t>(reader.info().class_names.size()), expected.classes) << path;
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no data set prepared (datasets/prepare all)";
}

}  // namespace
}  // namespace sigvit
