#include "test_support.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>

#include "bench/bench_setup.h"
#include "bench/benchmark_report.h"
#include "bench/gemm_peak.h"
#include "error_of.h"
#include "summary/model_summary.h"

namespace sigvit {
namespace {

using testing::error_of;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string tiny_bench =
    "name: tiny\n"
    "model:\n  input_shape: [1, 40]\n  num_classes: 3\n"
    "  embedder: {name: conv1d_signal, patch_size: 10}\n"
    "  encoder: {embed_dim: 8, depth: 1, num_heads: 2}\n"
    "train: {lr: 0.1}\n"
    "bench: {batch: 4, steps: 3, warmup: 1}\n";

TEST(Benchmark, TimingIsTheMedianAndInterpolatedPercentiles) {
  const Timing timing = timing_of({5, 1, 3, 2, 4});
  EXPECT_DOUBLE_EQ(timing.median_ms, 3.0);
  EXPECT_DOUBLE_EQ(timing.p10_ms, 1.4);
  EXPECT_DOUBLE_EQ(timing.p90_ms, 4.6);
  EXPECT_DOUBLE_EQ(timing_of({2, 7}).median_ms, 4.5);
  EXPECT_THAT(error_of([] { timing_of({}); }), HasSubstr("no timed steps"));
}

TEST(Benchmark, ABenchConfigGivesItsModelBatchAndOptimizer) {
  const BenchSetup setup = read_bench_setup(parse_config(tiny_bench, "tiny.yaml"), "tiny.yaml");
  EXPECT_EQ(setup.name, "tiny");
  EXPECT_EQ(setup.options.batch, 4);
  EXPECT_EQ(setup.options.steps, 3);
  EXPECT_EQ(setup.options.warmup, 1);
  EXPECT_DOUBLE_EQ(setup.optimizer.lr, 0.1);
  EXPECT_EQ(setup.model->num_classes(), 3);
  EXPECT_EQ(setup.model->input_shape(), (std::vector<int64_t>{1, 40}));
}

TEST(Benchmark, BenchConfigErrorsNameTheKey) {
  const auto error_for = [](const std::vector<std::string>& overrides) {
    return error_of([&] { read_bench_setup(parse_config(tiny_bench, "tiny.yaml", overrides), "tiny.yaml"); });
  };
  EXPECT_THAT(error_for({"bench.batch=0"}), HasSubstr("bench.batch: expected an integer >= 1"));
  EXPECT_THAT(error_for({"bench.batches=8"}), HasSubstr("did you mean 'batch'"));
  EXPECT_THAT(error_for({"epochs=3"}), HasSubstr("unknown key 'epochs'"));
  EXPECT_THAT(error_of([] { read_bench_setup(parse_config("name: x\n", "x.yaml"), "x.yaml"); }),
              HasSubstr("missing section 'model'"));
}

TEST(Benchmark, TimesTrainingThatUpdatesTheModelAndReportsConsistentRates) {
  BenchSetup setup = read_bench_setup(parse_config(tiny_bench, "tiny.yaml"), "tiny.yaml");
  const auto before = setup.model->named_parameters()["head.weight"].clone();
  const BenchmarkResult result = benchmark_model(*setup.model, setup.optimizer, setup.options, torch::kCPU);

  EXPECT_FALSE(torch::equal(before, setup.model->named_parameters()["head.weight"]))
      << "the timed steps must be real optimizer steps";
  EXPECT_EQ(result.batch, 4);
  for (const Timing& timing : {result.train_step, result.infer_step, result.latency}) {
    EXPECT_GT(timing.median_ms, 0);
    EXPECT_LE(timing.p10_ms, timing.median_ms);
    EXPECT_LE(timing.median_ms, timing.p90_ms);
  }
  EXPECT_DOUBLE_EQ(result.train_samples_per_s, 4 * 1000.0 / result.train_step.median_ms);
  EXPECT_DOUBLE_EQ(result.infer_samples_per_s, 4 * 1000.0 / result.infer_step.median_ms);
  EXPECT_DOUBLE_EQ(result.forward_gflops_per_sample, 2.0 * summarize(*setup.model).macs / 1e9);
  EXPECT_DOUBLE_EQ(result.train_gflops_per_s, 3 * result.forward_gflops_per_sample * result.train_samples_per_s);
  EXPECT_GT(result.peak_rss_mb, 1.0);

  BenchmarkReport report;
  report.name = "tiny";
  report.result = result;
  const std::string json = benchmark_json(report);
  for (const char* key : {"\"train_samples_per_s\"", "\"infer_samples_per_s\"", "\"latency_ms\"", "\"peak_rss_mb\""}) {
    EXPECT_THAT(json, HasSubstr(key));
  }
}

TEST(Benchmark, TheTrainingRateIsGivenAsAShareOfEachMeasuredPeak) {
  BenchmarkReport report;
  report.name = "tiny";
  report.result.train_gflops_per_s = 50;
  report.fp32_peak = {200, "onednn"};
  report.bf16_peak = {500, "libtorch"};
  EXPECT_THAT(format_benchmark(report),
              HasSubstr("training arithmetic 50.0 GFLOP/s = 25.0% of the fp32 GEMM peak (200.0 GFLOP/s, onednn), "
                        "10.0% of the bf16 GEMM peak (500.0 GFLOP/s, libtorch), peaks measured now"));
  const auto json = nlohmann::json::parse(benchmark_json(report));
  EXPECT_DOUBLE_EQ(json["gemm_peak"]["bf16"]["gflops"].get<double>(), 500);
  EXPECT_EQ(json["gemm_peak"]["fp32"]["backend"], "onednn");
  EXPECT_DOUBLE_EQ(json["train_fraction_of_gemm_peak"]["fp32"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(json["train_fraction_of_gemm_peak"]["bf16"].get<double>(), 0.1);

  report.bf16_peak = {};  // an fp32 run on a CPU without native bf16
  EXPECT_THAT(format_benchmark(report), Not(HasSubstr("bf16 GEMM peak")));
  EXPECT_FALSE(nlohmann::json::parse(benchmark_json(report))["train_fraction_of_gemm_peak"].contains("bf16"));

  report.fp32_peak = {};  // not on a CPU
  EXPECT_THAT(format_benchmark(report), Not(HasSubstr("peak (")));
  EXPECT_TRUE(nlohmann::json::parse(benchmark_json(report))["gemm_peak"].empty());
}

TEST(Benchmark, GemmPeaksAreMeasuredInEitherPrecision) {
  for (const Precision precision : {Precision::fp32, Precision::bf16}) {
    const GemmPeak peak = measure_gemm_peak(precision, 96, 2);
    EXPECT_TRUE(std::isfinite(peak.gflops)) << to_string(precision);
    EXPECT_GT(peak.gflops, 0) << to_string(precision);
    if (precision == Precision::bf16) {
      EXPECT_EQ(peak.backend, "libtorch");
    } else {
      EXPECT_THAT(peak.backend, AnyOf("blas", "onednn"));
    }
  }
}

TEST(Benchmark, ABf16PeakIsMeasuredForBf16RunsAndCpusWithNativeBf16) {
  CpuFeatures avx2;
  avx2.avx2 = true;
  CpuFeatures zen5 = avx2;
  zen5.avx512 = zen5.avx512_bf16 = true;
  CpuFeatures sapphire_rapids = avx2;
  sapphire_rapids.avx512 = sapphire_rapids.amx_bf16 = true;
  EXPECT_FALSE(wants_bf16_peak(Precision::fp32, avx2));
  EXPECT_TRUE(wants_bf16_peak(Precision::bf16, avx2));
  EXPECT_TRUE(wants_bf16_peak(Precision::fp32, zen5));
  EXPECT_TRUE(wants_bf16_peak(Precision::fp32, sapphire_rapids));
}

TEST(Benchmark, AModelWithoutAHeadIsRefused) {
  BenchSetup setup =
      read_bench_setup(parse_config(tiny_bench, "tiny.yaml", {"model.num_classes=0"}), "tiny.yaml");
  EXPECT_THAT(error_of([&] { benchmark_model(*setup.model, setup.optimizer, setup.options, torch::kCPU); }),
              HasSubstr("no classification head"));
}

}  // namespace
}  // namespace sigvit
