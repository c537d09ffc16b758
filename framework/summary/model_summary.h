#pragma once

#include <cstdint>

#include "model/api/classifier.h"
#include "summary/table/summary_table.h"

namespace sigvit {

struct ParameterCounts {
  int64_t total = 0;
  int64_t trainable = 0;
  int64_t weights_and_biases = 0;  // parameters named weight or bias: what torchsummary counts
};

ParameterCounts count_parameters(const torch::nn::Module& model);

// Runs one forward pass of a single zero sample in eval mode and collects what
// the layers report. Sizes are per sample, float32.
ModelSummary summarize(Classifier& model);

}  // namespace sigvit
