#include "bench/benchmark_report.h"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <sstream>
#include <utility>
#include <vector>

namespace sigvit {
namespace {

nlohmann::json timing_json(const Timing& timing) {
  return {{"median", timing.median_ms}, {"p10", timing.p10_ms}, {"p90", timing.p90_ms}};
}

nlohmann::json kernels_json(const KernelReport& kernels) {
  nlohmann::json json;
  for (const auto& [name, value] : kernels.fields()) json[name] = value;
  return json;
}

std::vector<std::pair<std::string, GemmPeak>> measured_peaks(const BenchmarkReport& report) {
  std::vector<std::pair<std::string, GemmPeak>> peaks;
  if (report.fp32_peak.gflops > 0) peaks.emplace_back("fp32", report.fp32_peak);
  if (report.bf16_peak.gflops > 0) peaks.emplace_back("bf16", report.bf16_peak);
  return peaks;
}

// {"fp32": {"gflops": ..., "backend": ...}, "bf16": {...}}, the peaks that were measured.
nlohmann::json peaks_json(const BenchmarkReport& report) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [precision, peak] : measured_peaks(report)) {
    json[precision] = {{"gflops", peak.gflops}, {"backend", peak.backend}};
  }
  return json;
}

// The training arithmetic rate as a fraction (0-1) of each measured peak.
nlohmann::json fractions_json(const BenchmarkReport& report) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [precision, peak] : measured_peaks(report)) {
    json[precision] = report.result.train_gflops_per_s / peak.gflops;
  }
  return json;
}

std::string timing_text(const Timing& timing) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(2) << timing.median_ms << " ms (p10 " << timing.p10_ms << ", p90 "
       << timing.p90_ms << ")";
  return text.str();
}

}  // namespace

std::string format_benchmark(const BenchmarkReport& report) {
  const BenchmarkResult& r = report.result;
  std::ostringstream text;
  text << std::fixed << std::setprecision(1);
  text << report.name << ": " << report.params << " parameters, " << std::setprecision(3)
       << r.forward_gflops_per_sample << " forward GFLOPs per sample\n"
       << "batch " << r.batch << ", " << r.steps << " timed steps, " << report.threads << " threads on "
       << report.device << "\nkernels " << report.kernels.describe() << "\n"
       << std::setprecision(1);
  text << "  train      " << std::setw(9) << r.train_samples_per_s << " samples/s   step " << timing_text(r.train_step)
       << "\n";
  if (r.world_size > 1) {
    text << "  data-parallel: " << r.world_size << " ranks of batch " << r.batch << " (samples/s of all of them); "
         << "all-reduce and broadcasts " << timing_text(r.communication) << " of each step, "
         << 100.0 * r.communication.median_ms / r.train_step.median_ms << "% of the median\n";
  } else {
    text << "  inference  " << std::setw(9) << r.infer_samples_per_s << " samples/s   step "
         << timing_text(r.infer_step) << "\n";
    text << "  batch-1 latency " << timing_text(r.latency) << "\n";
  }
  text << "  training arithmetic " << r.train_gflops_per_s << " GFLOP/s";
  const auto peaks = measured_peaks(report);
  const char* separator = " = ";
  for (const auto& [precision, peak] : peaks) {
    text << separator << 100.0 * r.train_gflops_per_s / peak.gflops << "% of the " << precision << " GEMM peak ("
         << peak.gflops << " GFLOP/s, " << peak.backend << ")";
    separator = ", ";
  }
  if (!peaks.empty()) text << ", peaks measured now";
  text << "\n  peak memory " << r.peak_rss_mb << " MB\n";
  return text.str();
}

std::string benchmark_json(const BenchmarkReport& report) {
  const BenchmarkResult& r = report.result;
  nlohmann::json json{{"name", report.name},
                      {"threads", report.threads},
                      {"device", report.device},
                      {"cpu_capability", report.kernels.vector_kernels},
                      {"kernels", kernels_json(report.kernels)},
                      {"params", report.params},
                      {"batch", r.batch},
                      {"steps", r.steps},
                      {"world_size", r.world_size},
                      {"communication_ms", timing_json(r.communication)},
                      {"train_samples_per_s", r.train_samples_per_s},
                      {"infer_samples_per_s", r.infer_samples_per_s},
                      {"latency_ms", r.latency.median_ms},
                      {"peak_rss_mb", r.peak_rss_mb},
                      {"train_step_ms", timing_json(r.train_step)},
                      {"infer_step_ms", timing_json(r.infer_step)},
                      {"latency_spread_ms", timing_json(r.latency)},
                      {"forward_gflops_per_sample", r.forward_gflops_per_sample},
                      {"train_gflops_per_s", r.train_gflops_per_s},
                      {"gemm_peak", peaks_json(report)},
                      {"train_fraction_of_gemm_peak", fractions_json(report)}};
  return json.dump(2) + "\n";
}

}  // namespace sigvit
