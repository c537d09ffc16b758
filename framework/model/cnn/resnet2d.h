#pragma once

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <cstdint>
#include <vector>

#include "config/config_node.h"
#include "model/api/classifier.h"
#include "model/cnn/preact_block2d.h"
#include "model/layers/batch_norm.h"

namespace sigvit {

struct Resnet2dOptions {
  std::vector<int64_t> input_shape;  // [C, H, W]
  int64_t num_classes = 0;
  std::vector<int64_t> widths{32, 64, 128};  // channels of each stage; the stem has the first
  std::vector<int64_t> blocks{2, 2, 2};      // basic blocks per stage
  double drop_rate = 0.0;

  // Reads `model:` with type resnet2d (keys in configs/README.md).
  static Resnet2dOptions parse(const ConfigNode& model);
};

// A small pre-activation ResNet for small images (the CIFAR-style layout of He
// et al. 2016): a 3x3 stem convolution at full resolution, stages of basic
// blocks of which every stage after the first halves the resolution with its
// first block, a final BN-ReLU, global average pooling, a linear head. Any
// image size of the configured channel count is accepted.
class Resnet2d : public Classifier {
 public:
  explicit Resnet2d(const Resnet2dOptions& options);

  ModelOutput forward(const ModelInput& input) override;
  int64_t num_classes() const override { return options_.num_classes; }
  std::vector<int64_t> input_shape() const override { return options_.input_shape; }

 private:
  Resnet2dOptions options_;
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::ModuleList stages_{nullptr};      // names the blocks stages.<i>
  std::vector<PreactBlock2d> block_list_;      // the same, typed
  BatchNorm bn_{nullptr};
  torch::nn::Dropout drop_{nullptr};
  torch::nn::Linear head_{nullptr};
};

}  // namespace sigvit
