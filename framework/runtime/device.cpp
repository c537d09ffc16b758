#include "runtime/device.h"

#include <torch/cuda.h>

#include "sigvit/error.h"

namespace sigvit {

torch::Device resolve_device(const std::string& name) {
  const torch::Device device(name);
  if (device.is_cuda() && !torch::cuda::is_available()) {
    throw Error("device '" + name + "': this LibTorch build has no CUDA support or sees no GPU; use device: cpu");
  }
  return device;
}

}  // namespace sigvit
