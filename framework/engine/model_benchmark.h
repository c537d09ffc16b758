#pragma once

#include <torch/types.h>

#include <string>
#include <vector>

#include "distributed/gradient_reducer.h"
#include "engine/train_options.h"
#include "model/api/classifier.h"
#include "runtime/precision.h"

namespace sigvit {

struct BenchmarkOptions {
  int64_t batch = 32;
  int64_t steps = 20;   // timed steps of each kind
  int64_t warmup = 3;   // untimed steps before them
  Precision precision = Precision::fp32;  // of every forward pass
};

// Milliseconds over the timed steps: the median and the 10th and 90th
// percentiles, the spread a noisy machine shows.
struct Timing {
  double median_ms = 0, p10_ms = 0, p90_ms = 0;
};

Timing timing_of(std::vector<double> milliseconds);

struct BenchmarkResult {
  int64_t batch = 0, steps = 0;
  Timing train_step;  // forward, loss, backward, optimizer step on `batch` samples
  Timing infer_step;  // forward without gradients on `batch` samples
  Timing latency;     // forward without gradients on 1 sample
  double train_samples_per_s = 0, infer_samples_per_s = 0;
  double forward_gflops_per_sample = 0;
  // Achieved arithmetic rate of training, counting backward as twice forward.
  double train_gflops_per_s = 0;
  double peak_rss_mb = 0;
  // Data-parallel: the ranks (samples/s count all of them) and the part of
  // each train step spent in the all-reduce and broadcasts.
  int world_size = 1;
  Timing communication;
};

// Times `model` on synthetic input of its input_shape (normal noise, uniform
// labels): training steps with the trainer's own step and an optimizer built
// as the trainer builds it, then inference, then batch-1 latency. The model is
// changed by the training steps. With a `reducer` every rank times its
// train steps with the gradient all-reduce, and inference and latency, which
// involve no other rank, are not measured.
BenchmarkResult benchmark_model(Classifier& model, const OptimizerOptions& optimizer,
                                const BenchmarkOptions& options, const torch::Device& device,
                                GradientReducer* reducer = nullptr);

// Batch-1 latency: `options.steps` forward passes of one synthetic case of
// the model's input shape in eval mode without gradients, after
// `options.warmup` untimed ones (`options.batch` is not used). The model's
// training mode is restored afterwards.
Timing measure_latency(Classifier& model, const BenchmarkOptions& options, const torch::Device& device);

// The process's peak resident memory so far.
double peak_rss_mb();

}  // namespace sigvit
