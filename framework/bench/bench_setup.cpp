#include "bench/bench_setup.h"

#include <torch/utils.h>

#include "experiment/experiment.h"
#include "model/builtin_models.h"

namespace sigvit {
namespace {

int64_t read_count(const ConfigNode& section, const std::string& key, int64_t fallback, int64_t minimum) {
  const auto value = section.get<int64_t>(key, fallback);
  if (value < minimum) section.child(key).fail("expected an integer >= " + std::to_string(minimum));
  return value;
}

BenchSetup from_experiment(const LoadedConfig& config, const std::string& config_file) {
  const Experiment experiment(config, config_file);
  const ExperimentOptions& options = experiment.options();
  BenchSetup setup;
  setup.name = options.name;
  setup.optimizer = options.train.optimizer;
  setup.precision = options.train.precision;
  setup.gemm = options.gemm;
  setup.options.batch = options.data.loader.batch_size;
  setup.threads = options.threads;
  setup.device = options.device;
  torch::manual_seed(options.seed);
  setup.model = experiment.build_model();
  return setup;
}

BenchSetup from_bench_config(const LoadedConfig& config, const std::string& config_file) {
  const ConfigNode root = config.node();
  root.expect_keys({"name", "seed", "threads", "device", "runtime", "plugins", "model", "train", "bench"});
  if (!root.has("model")) root.fail("missing section 'model' (the model to benchmark)");
  BenchSetup setup;
  setup.name = root.get<std::string>("name", config_file);
  setup.threads = static_cast<int>(read_count(root, "threads", 0, 0));
  setup.device = root.get<std::string>("device", setup.device);
  if (root.has("runtime")) {
    const ConfigNode runtime = root.child("runtime");
    runtime.expect_keys({"gemm"});
    setup.gemm = runtime.get<std::string>("gemm", setup.gemm);
  }
  if (root.has("train")) {
    const TrainOptions train = parse_train_options(root.child("train"));
    setup.optimizer = train.optimizer;
    setup.precision = train.precision;
  }
  if (root.has("bench")) {
    const ConfigNode bench = root.child("bench");
    bench.expect_keys({"batch", "steps", "warmup"});
    setup.options.batch = read_count(bench, "batch", setup.options.batch, 1);
    setup.options.steps = read_count(bench, "steps", setup.options.steps, 1);
    setup.options.warmup = read_count(bench, "warmup", setup.options.warmup, 0);
  }
  torch::manual_seed(static_cast<uint64_t>(read_count(root, "seed", 0, 0)));
  setup.model = build_model_from_config(root, config_file);
  return setup;
}

}  // namespace

BenchSetup read_bench_setup(const LoadedConfig& config, const std::string& config_file) {
  return config.node().has("data") ? from_experiment(config, config_file) : from_bench_config(config, config_file);
}

}  // namespace sigvit
