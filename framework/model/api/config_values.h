#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config_node.h"

// Validated reads of model keys shared by every model type; each failure names
// the file, line and key (ConfigNode::fail).

namespace sigvit {

// A probability-like rate in [0, 1).
double read_rate(const ConfigNode& node, const std::string& key, double fallback);

int64_t read_positive(const ConfigNode& node, const std::string& key, int64_t fallback);

// A non-empty list of positive integers.
std::vector<int64_t> read_positive_list(const ConfigNode& node, const std::string& key,
                                        const std::vector<int64_t>& fallback);

// The required `input_shape` of one sample, of exactly `layout`'s rank
// ("[C, L]" or "[C, H, W]"); `who` names the model type in the message.
std::vector<int64_t> read_input_shape(const ConfigNode& model, const std::string& who, const std::string& layout);
// The same for a model that takes any of several layouts (a ViT: "[C, L]" or "[C, H, W]").
std::vector<int64_t> read_input_shape(const ConfigNode& model, const std::string& who,
                                      const std::vector<std::string>& layouts);

// The required `num_classes`; 0 builds a feature extractor.
int64_t read_num_classes(const ConfigNode& model);

}  // namespace sigvit
