#include "engine/model_benchmark.h"

#include <sys/resource.h>
#include <c10/core/InferenceMode.h>
#include <torch/cuda.h>
#include <torch/types.h>

#include <algorithm>
#include <chrono>

#include "engine/optimizer_factory.h"
#include "engine/train_step.h"
#include "sigvit/error.h"
#include "summary/model_summary.h"

namespace sigvit {
namespace {

using Clock = std::chrono::steady_clock;

// Waits for queued device work, so that a step's time is its own.
void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

template <typename Step>
std::vector<double> time_steps(const BenchmarkOptions& options, const torch::Device& device, const Step& step) {
  for (int64_t i = 0; i < options.warmup; ++i) step();
  synchronize(device);
  std::vector<double> milliseconds;
  for (int64_t i = 0; i < options.steps; ++i) {
    const auto start = Clock::now();
    step();
    synchronize(device);
    milliseconds.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return milliseconds;
}

double percentile(const std::vector<double>& sorted, double fraction) {
  const double position = fraction * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<size_t>(position);
  const size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

}  // namespace

Timing timing_of(std::vector<double> milliseconds) {
  if (milliseconds.empty()) throw Error("benchmark: no timed steps");
  std::sort(milliseconds.begin(), milliseconds.end());
  return {percentile(milliseconds, 0.5), percentile(milliseconds, 0.1), percentile(milliseconds, 0.9)};
}

Timing measure_latency(Classifier& model, const BenchmarkOptions& options, const torch::Device& device) {
  const bool was_training = model.is_training();
  model.eval();
  c10::InferenceMode inference;
  std::vector<int64_t> shape{1};
  for (int64_t size : model.input_shape()) shape.push_back(size);
  const torch::Tensor one = torch::randn(shape, torch::TensorOptions().device(device));
  Timing latency = timing_of(time_steps(options, device, [&] {
    PrecisionScope scope(options.precision);
    model.forward(ModelInput{one, {}});
  }));
  model.train(was_training);
  return latency;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

BenchmarkResult benchmark_model(Classifier& model, const OptimizerOptions& optimizer_options,
                                const BenchmarkOptions& options, const torch::Device& device,
                                GradientReducer* reducer) {
  if (options.batch < 1 || options.steps < 1 || options.warmup < 0) {
    throw Error("benchmark: expected batch >= 1, steps >= 1 and warmup >= 0");
  }
  if (model.num_classes() < 1) throw Error("benchmark: the model has no classification head (num_classes 0)");
  BenchmarkResult result;
  result.batch = options.batch;
  result.steps = options.steps;
  result.forward_gflops_per_sample = 2.0 * static_cast<double>(summarize(model).macs) / 1e9;
  model.to(device);

  std::vector<int64_t> shape{options.batch};
  for (int64_t size : model.input_shape()) shape.push_back(size);
  const auto on_device = torch::TensorOptions().device(device);
  Batch batch;
  batch.x = torch::randn(shape, on_device);
  batch.y = torch::randint(model.num_classes(), {options.batch}, on_device.dtype(torch::kLong));

  model.train();
  auto optimizer = build_optimizer(model, optimizer_options);
  std::vector<double> communication_ms;
  result.train_step = timing_of(time_steps(options, device, [&] {
    const double before = reducer ? reducer->seconds_communicating() : 0.0;
    take_optimizer_step(model, *optimizer, batch, LossOptions{}, 0.0, options.precision, reducer);
    if (reducer) communication_ms.push_back(1000.0 * (reducer->seconds_communicating() - before));
  }));
  const auto per_second = [&](const Timing& timing) {
    return static_cast<double>(options.batch) * 1000.0 / timing.median_ms;
  };
  if (reducer) {
    // The warm-up steps come first; the timed ones are the last `steps`.
    communication_ms.erase(communication_ms.begin(), communication_ms.end() - options.steps);
    result.communication = timing_of(communication_ms);
    result.world_size = reducer->communicator().world_size();
    result.train_samples_per_s = result.world_size * per_second(result.train_step);
    result.train_gflops_per_s = 3.0 * result.forward_gflops_per_sample * result.train_samples_per_s;
    result.peak_rss_mb = peak_rss_mb();
    return result;
  }

  model.eval();
  {
    c10::InferenceMode inference;
    result.infer_step = timing_of(time_steps(options, device, [&] {
      PrecisionScope scope(options.precision);
      model.forward(ModelInput{batch.x, {}});
    }));
  }
  result.latency = measure_latency(model, options, device);

  result.train_samples_per_s = per_second(result.train_step);
  result.infer_samples_per_s = per_second(result.infer_step);
  result.train_gflops_per_s = 3.0 * result.forward_gflops_per_sample * result.train_samples_per_s;
  result.peak_rss_mb = peak_rss_mb();
  return result;
}

}  // namespace sigvit
