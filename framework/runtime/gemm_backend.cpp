#include "runtime/gemm_backend.h"

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "sigvit/error.h"

namespace sigvit {
namespace {

// Fastest of a few runs after a warm-up, which also creates oneDNN's primitive.
double best_seconds(const std::function<void(GemmBackend)>& run, GemmBackend backend) {
  run(backend);
  double best = 0;
  for (int repeat = 0; repeat < 3; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    run(backend);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (repeat == 0 || seconds < best) best = seconds;
  }
  return best;
}

GemmBackend backend_named(const std::string& name, const std::string& where) {
  if (name == "blas") return GemmBackend::blas;
  if (name == "onednn") return GemmBackend::onednn;
  throw Error(where + ": expected blas or onednn, got '" + name + "'");
}

}  // namespace

std::string to_string(GemmBackend backend) {
  switch (backend) {
    case GemmBackend::blas:
      return "blas";
    case GemmBackend::onednn:
      return "onednn";
    case GemmBackend::automatic:
      return "auto";
  }
  return "blas";
}

GemmBackend parse_gemm_backend(const std::string& text, const std::string& where) {
  if (text == "auto") return GemmBackend::automatic;
  if (text == "blas" || text == "onednn") return backend_named(text, where);
  throw ConfigError(where + ": expected auto, blas or onednn, got '" + text + "'");
}

std::string GemmShape::key() const {
  return std::to_string(m) + "x" + std::to_string(k) + "x" + std::to_string(n) + "." + (a_transposed ? "t" : "n") +
         (b_transposed ? "t" : "n");
}

GemmPlan& GemmPlan::process() {
  static GemmPlan plan;
  return plan;
}

void GemmPlan::set_policy(GemmBackend policy) {
  std::lock_guard<std::mutex> lock(mutex_);
  policy_ = policy;
}

GemmBackend GemmPlan::policy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return policy_;
}

GemmBackend GemmPlan::backend_for(const GemmShape& shape, const std::function<void(GemmBackend)>& time_with) {
  std::string key;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (policy_ != GemmBackend::automatic) return policy_;
    key = shape.key();
    const auto known = choices_.find(key);
    if (known != choices_.end()) return known->second;
  }
  // Timed without the lock: the products take threads of their own.
  const double blas = best_seconds(time_with, GemmBackend::blas);
  const double onednn = best_seconds(time_with, GemmBackend::onednn);
  const GemmBackend faster = onednn < blas ? GemmBackend::onednn : GemmBackend::blas;
  if (std::getenv("SIGVIT_DEBUG")) {
    std::cerr << "sigvit: gemm " << key << ": blas " << blas * 1e6 << " us, onednn " << onednn * 1e6 << " us -> "
              << to_string(faster) << '\n';
  }
  std::lock_guard<std::mutex> lock(mutex_);
  // Another thread may have decided meanwhile; the first decision stands.
  return choices_.emplace(key, faster).first->second;
}

std::map<std::string, std::string> GemmPlan::choices() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<std::string, std::string> named;
  for (const auto& [key, backend] : choices_) named.emplace(key, to_string(backend));
  return named;
}

void GemmPlan::adopt(const std::map<std::string, std::string>& choices) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [key, name] : choices) choices_[key] = backend_named(name, "gemm choice for " + key);
}

void GemmPlan::forget_choices() {
  std::lock_guard<std::mutex> lock(mutex_);
  choices_.clear();
}

}  // namespace sigvit
