#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "predict/prediction_inputs.h"
#include "predict/predictor.h"

namespace sigvit {

struct ClassProbability {
  std::string label;
  double probability = 0;
};

struct Prediction {
  std::string input;                // a file, or one case of an .h5 file
  std::optional<std::string> truth;  // the case's label, when the file has one
  std::vector<ClassProbability> top;  // most probable first
};

// The `top_k` most probable classes (all when fewer) of every sample of every
// file, in the order given; .h5 cases run in batches of `batch_size`.
std::vector<Prediction> predict_files(const Predictor& predictor, const std::vector<std::string>& files,
                                      const InputOptions& options, int64_t top_k, int64_t batch_size = 256);

// One line per input: the input, its known label if any, then label and
// probability of each of the top classes.
std::string format_predictions(const std::vector<Prediction>& predictions);
// [{"input": ..., "label": ... (when known), "top": [{"label", "probability"}]}]
std::string predictions_json(const std::vector<Prediction>& predictions);

}  // namespace sigvit
