#pragma once

#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <vector>

#include "config/config_node.h"
#include "model/cnn/residual_block1d.h"
#include "model/cnn/signal_cnn.h"

namespace sigvit {

struct Resnet1dOptions {
  std::vector<int64_t> input_shape;  // [C, L]
  int64_t num_classes = 0;
  std::vector<int64_t> channels{64, 128, 128};  // one residual block each
  std::vector<int64_t> kernel_sizes{8, 5, 3};   // the convolutions of every block
  double drop_rate = 0.0;

  // Reads `model:` with type resnet1d (keys in configs/README.md).
  static Resnet1dOptions parse(const ConfigNode& model);
};

// The ResNet of Wang, Yan and Oates (2017): residual blocks of conv-BN-ReLU
// layers at full resolution, global average pooling, a linear head.
class Resnet1d : public SignalCnn {
 public:
  explicit Resnet1d(const Resnet1dOptions& options);

 protected:
  Signals body(const Signals& input) override;

 private:
  torch::nn::ModuleList blocks_{nullptr};  // names the blocks blocks.<i>
  std::vector<ResidualBlock1d> block_list_;  // the same, typed
};

}  // namespace sigvit
