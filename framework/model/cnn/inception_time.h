#pragma once

#include <torch/nn/modules/container/modulelist.h>

#include <cstdint>
#include <vector>

#include "config/config_node.h"
#include "model/cnn/inception_module1d.h"
#include "model/cnn/shortcut1d.h"
#include "model/cnn/signal_cnn.h"

namespace sigvit {

struct InceptionTimeOptions {
  std::vector<int64_t> input_shape;  // [C, L]
  int64_t num_classes = 0;
  int64_t depth = 6;                            // inception modules
  int64_t filters = 32;                         // per branch; a module outputs filters * (kernels + 1)
  int64_t bottleneck = 32;                      // 0: none
  std::vector<int64_t> kernel_sizes{40, 20, 10};
  bool residual = true;                         // a shortcut around every 3 modules
  double drop_rate = 0.0;

  // Reads `model:` with type inception_time (keys in configs/README.md).
  static InceptionTimeOptions parse(const ConfigNode& model);
};

// One network of InceptionTime (Ismail Fawaz et al. 2020, "InceptionTime:
// Finding AlexNet for Time Series Classification"; the paper ensembles five):
// inception modules at full resolution, a projecting shortcut (1x1 conv + BN)
// added before the ReLU after every third module, global average pooling, a
// linear head. Modules after the last multiple of 3 get no shortcut.
class InceptionTime : public SignalCnn {
 public:
  explicit InceptionTime(const InceptionTimeOptions& options);

 protected:
  Signals body(const Signals& input) override;

 private:
  torch::nn::ModuleList stack_{nullptr};         // names the modules modules.<i>
  std::vector<InceptionModule1d> module_list_;   // the same, typed
  torch::nn::ModuleList shortcuts_{nullptr};     // shortcuts.<j> closes modules 3j .. 3j + 2
  std::vector<Shortcut1d> shortcut_list_;
};

}  // namespace sigvit
