#pragma once

#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <vector>

#include "config/config_node.h"
#include "model/cnn/conv_bn_relu1d.h"
#include "model/cnn/signal_cnn.h"

namespace sigvit {

struct FcnOptions {
  std::vector<int64_t> input_shape;  // [C, L]
  int64_t num_classes = 0;
  std::vector<int64_t> channels{128, 256, 128};
  std::vector<int64_t> kernel_sizes{8, 5, 3};
  double drop_rate = 0.0;

  // Reads `model:` with type fcn (keys in configs/README.md).
  static FcnOptions parse(const ConfigNode& model);
};

// The Fully Convolutional Network of Wang, Yan and Oates (2017), "Time Series
// Classification from Scratch with Deep Neural Networks": conv-BN-ReLU layers
// with "same" padding (biases kept, as the published Keras model has them),
// global average pooling, a linear head.
class Fcn : public SignalCnn {
 public:
  explicit Fcn(const FcnOptions& options);

 protected:
  Signals body(const Signals& input) override;

 private:
  torch::nn::ModuleList layers_{nullptr};  // names the layers layers.<i>
  std::vector<ConvBnRelu1d> units_;        // the same, typed
};

}  // namespace sigvit
