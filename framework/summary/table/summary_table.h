#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sigvit {

struct SummaryRow {
  std::string name;  // qualified name, e.g. encoder.blocks.0.attn.qkv
  std::string type;  // e.g. Linear
  std::vector<int64_t> output_shape;  // batch dimension shown as -1
  int64_t params = 0;                 // parameters the layer holds itself
  int64_t macs = 0;                   // per sample, the layer's own arithmetic
};

// What `sigvit summary` shows of a model: filled by summarize() from a forward
// pass, rendered here without tensors so that text stays torch-free.
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

std::string format_summary(const ModelSummary& summary);

}  // namespace sigvit
