#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/api/classifier.h"

namespace sigvit {

struct ParameterCounts {
  int64_t total = 0;
  int64_t trainable = 0;
  int64_t weights_and_biases = 0;  // parameters named weight or bias: what torchsummary counts
};

ParameterCounts count_parameters(const torch::nn::Module& model);

struct SummaryRow {
  std::string name;  // qualified name, e.g. encoder.blocks.0.attn.qkv
  std::string type;  // e.g. Linear
  std::vector<int64_t> output_shape;  // batch dimension shown as -1
  int64_t params = 0;                 // parameters the layer holds itself
  int64_t macs = 0;                   // per sample, the layer's own arithmetic
};

struct ModelSummary {
  std::vector<int64_t> input_shape;
  std::vector<SummaryRow> rows;  // in the order the forward pass finished them
  // Parameters held by no traced layer (cls token, position table, ...).
  std::vector<std::pair<std::string, int64_t>> other_params;
  int64_t total_params = 0;
  int64_t trainable_params = 0;
  int64_t weight_and_bias_params = 0;  // what torchsummary counts
  int64_t macs = 0;                    // per sample
  double input_mb = 0, activations_mb = 0, params_mb = 0;
};

// Runs one forward pass of a single zero sample in eval mode and collects what
// the layers report. Sizes are per sample, float32.
ModelSummary summarize(Classifier& model);

std::string format_summary(const ModelSummary& summary);

}  // namespace sigvit
