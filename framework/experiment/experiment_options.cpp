#include "experiment/experiment_options.h"

#include <cmath>

namespace sigvit {
namespace {

// {folds: K, fold: I, seed: S}: data.cv and data.outer_cv.
CrossValidation read_folds(const ConfigNode& node) {
  if (!node.is_map()) node.fail("expected {folds: K, fold: I, seed: S}");
  node.expect_keys({"folds", "fold", "seed"});
  CrossValidation folds;
  folds.folds = node.require<int64_t>("folds");
  if (folds.folds < 2) node.child("folds").fail("expected 2 or more folds");
  folds.fold = node.get<int64_t>("fold", 0);
  if (folds.fold < 0 || folds.fold >= folds.folds)
    node.child("fold").fail("expected a fold in 0.." + std::to_string(folds.folds - 1));
  const int64_t seed = node.get<int64_t>("seed", 0);
  if (seed < 0) node.child("seed").fail("expected an integer >= 0");
  folds.seed = static_cast<uint64_t>(seed);
  return folds;
}

DataOptions parse_data_options(const ConfigNode& data) {
  if (!data.is_map()) data.fail("expected a mapping with at least 'path'");
  std::vector<std::string> keys{"path",     "train_split",    "val_split", "test_split", "val_fraction",
                                "val_seed", "label_fraction", "label_seed", "cv",       "outer_cv"};
  for (const auto& key : loader_option_keys()) keys.push_back(key);
  data.expect_keys(keys);
  DataOptions options;
  options.path = data.require<std::string>("path");
  if (options.path.empty()) data.child("path").fail("expected the path of an HDF5 data set");
  options.train_split = data.get<std::string>("train_split", options.train_split);
  options.val_split = data.get<std::string>("val_split", options.val_split);
  options.test_split = data.get<std::string>("test_split", options.test_split);
  options.val_fraction = data.get<double>("val_fraction", options.val_fraction);
  if (!(options.val_fraction >= 0 && options.val_fraction < 1)) {
    data.child("val_fraction").fail("expected a fraction in [0, 1) (0: no validation)");
  }
  const int64_t val_seed = data.get<int64_t>("val_seed", 0);
  if (val_seed < 0) data.child("val_seed").fail("expected an integer >= 0");
  options.val_seed = static_cast<uint64_t>(val_seed);
  options.label_fraction = data.get<double>("label_fraction", options.label_fraction);
  if (!(options.label_fraction > 0 && options.label_fraction <= 1)) {
    data.child("label_fraction").fail("expected a share of the training cases in (0, 1] (1: all)");
  }
  const int64_t label_seed = data.get<int64_t>("label_seed", 0);
  if (label_seed < 0) data.child("label_seed").fail("expected an integer >= 0");
  options.label_seed = static_cast<uint64_t>(label_seed);
  if (data.has("cv")) {
    options.cv = read_folds(data.child("cv"));
    if (data.has("val_split")) data.child("val_split").fail("a validation split cannot go with data.cv, which validates on a fold");
  }
  if (data.has("outer_cv")) {
    options.outer_cv = read_folds(data.child("outer_cv"));
    if (data.has("test_split"))
      data.child("test_split").fail("a test split cannot go with data.outer_cv, which tests on a fold of the training split");
  }
  options.loader = parse_loader_options(data);
  return options;
}

}  // namespace

ExperimentOptions parse_experiment_options(const ConfigNode& root) {
  if (!root.is_map()) root.fail("expected a mapping with model, data and train sections");
  root.expect_keys(
      {"name", "seed", "threads", "device", "runtime", "plugins", "model", "data", "train", "output", "pretrain"});
  ExperimentOptions options;
  options.name = root.require<std::string>("name");
  if (options.name.empty() || options.name.find('/') != std::string::npos) {
    root.child("name").fail("expected a non-empty name without '/' (it names the run directory)");
  }
  const int64_t seed = root.get<int64_t>("seed", 0);
  if (seed < 0) root.child("seed").fail("expected an integer >= 0");
  options.seed = static_cast<uint64_t>(seed);
  options.threads = root.get<int>("threads", 0);
  if (options.threads < 0) root.child("threads").fail("expected an integer >= 0 (0: all cores)");
  options.device = root.get<std::string>("device", options.device);
  if (options.device != "cpu" && options.device != "cuda" && options.device.rfind("cuda:", 0) != 0) {
    root.child("device").fail("expected 'cpu', 'cuda' or 'cuda:N', got '" + options.device + "'");
  }
  if (root.has("runtime")) {
    const ConfigNode runtime = root.child("runtime");
    if (!runtime.is_map()) runtime.fail("expected a mapping (gemm)");
    runtime.expect_keys({"gemm"});
    options.gemm = runtime.get<std::string>("gemm", options.gemm);
    if (options.gemm != "auto" && options.gemm != "blas" && options.gemm != "onednn") {
      runtime.child("gemm").fail("expected auto, blas or onednn, got '" + options.gemm + "'");
    }
  }
  options.output = root.get<std::string>("output", "runs/" + options.name);
  for (const auto& [key, meaning] : {std::pair{"model", "the model to train"}, std::pair{"data", "the data set"},
                                     std::pair{"train", "the training schedule"}}) {
    if (!root.has(key)) root.fail(std::string("missing section '") + key + "' (" + meaning + ")");
  }
  options.data = parse_data_options(root.child("data"));
  options.train = parse_train_options(root.child("train"));
  return options;
}

}  // namespace sigvit
