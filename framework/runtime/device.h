#pragma once

#include <torch/types.h>

#include <string>

namespace sigvit {

// "cpu", "cuda", "cuda:1"; Error when CUDA is asked for but not available.
torch::Device resolve_device(const std::string& name);

}  // namespace sigvit
