#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "error_of.h"
#include "model/api/classifier.h"
#include "model/api/embedder_registry.h"
#include "sigvit/embedder.h"

namespace sigvit::testing {

// The built-in embedders, loaded once per test process.
const EmbedderRegistry& builtins();

// A model from YAML text holding a `model:` section, with optional overrides.
std::shared_ptr<Classifier> model_from_yaml(const std::string& yaml, const std::vector<std::string>& overrides = {});

// The model's logits for `x` in eval mode, without gradients.
torch::Tensor eval_logits(Classifier& model, const torch::Tensor& x);

// The elements of an integer or bool tensor.
std::vector<int64_t> values(const torch::Tensor& tensor);

// configs/models/NAME.yaml in the source tree.
std::string preset_path(const std::string& name);

}  // namespace sigvit::testing
