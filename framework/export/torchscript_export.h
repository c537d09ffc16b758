#pragma once

#include <torch/script.h>

#include <cstdint>
#include <vector>

#include "model/api/classifier.h"

namespace sigvit {

// The model as a TorchScript module, recorded by LibTorch's tracer on a
// batch of `example_batch` inputs of `input_shape` ([C, L] or [C, H, W]):
// forward(x [B, *input_shape]) -> logits [B, classes], for any batch size B
// but only that input shape. Parameters and buffers are registered under
// their sigvit names (encoder.blocks.0.attn.qkv.weight, ...), so Python's
// state_dict() of the loaded module shows them. What the tracer cannot carry:
// padding masks (every sample is taken as full length), other input shapes,
// training-time behaviour (dropout, stochastic depth) and sigvit's own
// kernels (the export runs LibTorch's reference ops).
torch::jit::Module trace_to_torchscript(Classifier& model, int64_t example_batch = 2);

}  // namespace sigvit
