#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sigvit {

struct EvalRequest {
  std::string config_path;             // gives the data set
  std::vector<std::string> overrides;  // "a.b=value"
  std::string checkpoint;              // gives the model and its normalisation
  std::string split = "test";
  std::optional<int> threads;          // replaces the config's `threads`
  std::optional<std::string> precision;  // fp32, bf16 or auto; default: the config's train.precision
};

// `sigvit eval`: the checkpoint's model, rebuilt from its card, on `split` of
// the config's data set, normalised as the checkpoint's training data was.
// Refuses a data set whose classes differ from the checkpoint's, and a split
// the file does not have. Computes with the config's runtime.gemm and the
// requested precision. The report goes to `out`.
void evaluate_checkpoint(const EvalRequest& request, std::ostream& out);

}  // namespace sigvit
