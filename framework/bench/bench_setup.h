#pragma once

#include <memory>
#include <string>

#include "config/config_loader.h"
#include "engine/model_benchmark.h"

namespace sigvit {

// What `sigvit bench` needs from a config: the model, built as `sigvit run`
// builds it, and how to time it.
struct BenchSetup {
  std::string name;
  std::shared_ptr<Classifier> model;
  OptimizerOptions optimizer;
  BenchmarkOptions options;
  int threads = 0;  // 0: all cores
  std::string device = "cpu";
  std::string precision = "fp32";  // train.precision: fp32, bf16 or auto
  std::string gemm = "onednn";      // runtime.gemm: auto, blas or onednn
};

// Two kinds of config:
// - an experiment (it has `data:`): the model is completed from the data set
//   exactly as `sigvit run` completes it, the batch is data.batch_size;
// - a benchmark config (bench/configs/): `model:` with input_shape and
//   num_classes, optional `train:` (only its optimizer is used), `threads`,
//   `device`, `seed`, `plugins` and `bench: {batch, steps, warmup}`.
// The model is initialised from the config's seed.
BenchSetup read_bench_setup(const LoadedConfig& config, const std::string& config_file);

}  // namespace sigvit
