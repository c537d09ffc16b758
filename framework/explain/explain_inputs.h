#pragma once

#include <optional>
#include <string>
#include <vector>

#include "predict/prediction_inputs.h"
#include "predict/predictor.h"

namespace sigvit {

struct ExplainOptions {
  std::string output_dir = "explain";
  InputOptions inputs;
  int64_t limit = 32;  // inputs explained at most (an .h5 file holds many)
};

// One input's attention map.
struct Explanation {
  std::string input;
  std::optional<std::string> truth;
  std::string predicted;
  double probability = 0.0;
  std::vector<int64_t> grid;           // the token grid
  std::vector<double> token_relevance; // per patch token, row-major over the grid; sums to 1
  std::string png;                     // file name in the output folder, "" when not drawn
};

// Attention rollout of the checkpoint's ViT for every input (up to the
// limit), each drawn as a PNG in `output_dir` (the signal with its relevance
// curve below, or the image with the relevance over it, the predicted class
// in the title) and all of them in `output_dir`/explain.json. Returns what it
// wrote; `problem` says why no PNG was drawn (no gnuplot), else "".
std::vector<Explanation> explain_inputs(const Predictor& predictor, const std::vector<std::string>& files,
                                        const ExplainOptions& options, std::string* problem);

}  // namespace sigvit
