#pragma once

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/pooling.h>

#include <cstdint>
#include <vector>

#include "config/config_node.h"
#include "model/cnn/conv_bn_relu1d.h"
#include "model/cnn/signal_cnn.h"

namespace sigvit {

struct M5Options {
  std::vector<int64_t> input_shape;  // [C, L]
  int64_t num_classes = 0;
  // One conv-BN-ReLU-maxpool block each. Half the published widths
  // (128, 128, 256, 512): 144,394 parameters for [1, 8000] and 10 classes.
  std::vector<int64_t> channels{64, 64, 128, 256};
  int64_t first_kernel = 80;  // the first convolution's receptive field (10 ms at 8 kHz)
  int64_t first_stride = 4;
  int64_t kernel_size = 3;    // the later convolutions ("same" padding)
  int64_t pool_size = 4;      // max pooling after every block (kernel = stride)
  double drop_rate = 0.0;

  // Reads `model:` with type m5 (keys in configs/README.md).
  static M5Options parse(const ConfigNode& model);

  // The fewest samples that leave one position after the last pooling.
  int64_t min_length() const;
};

// M5 of Dai et al. (2017), "Very Deep Convolutional Neural Networks for Raw
// Waveforms": a long strided first convolution (no padding), then short
// "same" convolutions, each followed by BN, ReLU and max pooling; global
// average pooling; a linear head. Lengths shrink with floor rounding, so a
// signal must be long enough to leave one position (min_length).
class M5 : public SignalCnn {
 public:
  explicit M5(const M5Options& options);

 protected:
  Signals body(const Signals& input) override;
  int64_t min_length() const override { return min_length_; }

 private:
  int64_t min_length_;
  torch::nn::ModuleList blocks_{nullptr};  // blocks.<i>.conv, blocks.<i>.bn
  std::vector<ConvBnRelu1d> units_;        // the same, typed
  torch::nn::MaxPool1d pool_{nullptr};     // shared: it holds no parameters
};

}  // namespace sigvit
