#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace sigvit {

// Who computes the matrix products of linear layers.
enum class GemmBackend {
  blas,    // LibTorch's own path: the system BLAS
  onednn,  // oneDNN's matmul primitive over the tensors' own memory
  automatic,  // per shape, whichever of the two was faster when first timed
};

std::string to_string(GemmBackend backend);
// "blas", "onednn" or "auto"; `where` names the key or flag in errors.
GemmBackend parse_gemm_backend(const std::string& text, const std::string& where);

// One product C[m, n] = A[m, k] B[k, n]; the flags say whether A or B is read
// transposed, which changes the kernel and so possibly the faster backend.
struct GemmShape {
  int64_t m = 0, k = 0, n = 0;
  bool a_transposed = false, b_transposed = false;

  // "101x192x576.nt" (n: as stored, t: transposed): the form checkpoints keep.
  std::string key() const;
};

// The process's backend policy and, under `automatic`, the choice made for
// each shape. A choice is made once per shape, by timing both backends as
// cuDNN's benchmark mode does, and then kept: training stays deterministic
// for a machine, a set of choices and a seed. Checkpoints save the choices
// so that a resumed run computes as the first part did.
class GemmPlan {
 public:
  static GemmPlan& process();

  void set_policy(GemmBackend policy);
  GemmBackend policy() const;

  // The backend for `shape`: the policy itself unless it is automatic, then
  // the recorded choice, or a new one from `time_with` (which runs the
  // product once with the given backend).
  GemmBackend backend_for(const GemmShape& shape, const std::function<void(GemmBackend)>& time_with);

  // shape key -> "blas" | "onednn", the choices made so far.
  std::map<std::string, std::string> choices() const;
  // Choices made elsewhere (a checkpoint's) that later shapes reuse.
  void adopt(const std::map<std::string, std::string>& choices);
  void forget_choices();

 private:
  mutable std::mutex mutex_;
  // As runtime.gemm's default, so that eval and predict compute as training did.
  GemmBackend policy_ = GemmBackend::onednn;
  std::map<std::string, GemmBackend> choices_;
};

}  // namespace sigvit
