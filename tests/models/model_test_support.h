#pragma once

#include "../error_of.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "model/api/classifier.h"

namespace sigvit::model_testing {

using sigvit::testing::error_of;

// A model from YAML text holding a `model:` section (labelled test.yaml), built
// without embedders: enough for every type but vit.
std::shared_ptr<Classifier> model_from_yaml(const std::string& yaml, const std::vector<std::string>& overrides = {});

// configs/models/NAME.yaml, built the same way.
std::shared_ptr<Classifier> preset(const std::string& name, const std::vector<std::string>& overrides = {});

int64_t parameter_count(const Classifier& model);

// Parameters of the usual layers, for writing expected counts as arithmetic.
inline int64_t conv(int64_t in, int64_t out, int64_t kernel_elements, bool bias) {
  return in * out * kernel_elements + (bias ? out : 0);
}
inline int64_t batch_norm(int64_t channels) { return 2 * channels; }  // weight and bias; the statistics are buffers
inline int64_t linear(int64_t in, int64_t out) { return in * out + out; }

// Sets every BatchNorm's statistics and affine parameters to random values, so
// that in eval mode it shifts zeros: padding that leaked through would show.
void randomize_batch_norms(Classifier& model);

}  // namespace sigvit::model_testing
