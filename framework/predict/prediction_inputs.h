#pragma once

#include <torch/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checkpoint/checkpoint.h"

namespace sigvit {

// Samples read from one input file, on the training data's value scale.
struct InputGroup {
  std::vector<std::string> names;   // the file, or "file.h5:split[i]" per case
  torch::Tensor x;                  // [N, C, L] or [N, C, H, W]
  torch::Tensor lengths;            // [N] valid samples per signal; undefined for images
  std::vector<std::string> labels;  // known class names (.h5 cases), else empty
};

struct InputOptions {
  std::optional<std::string> split;  // of an .h5 file; unset: every split
  bool resample = false;             // audio at another rate: resample instead of refusing
  // Of an .h5 file, read only its first cases, split after split: who needs
  // a few (explain's --limit) does not decode a whole data set.
  std::optional<int64_t> max_cases;
};

// Reads `path` as the model of `card` suits: arrays (.npy, .npz, .csv:
// predict/array_inputs.h), an .h5 data set (sigvit layout)
// of the same kind and classes; for a signal model an audio file (libsndfile:
// WAV, FLAC, ...) with the model's channels and sample rate; for an image
// model a PNG, PGM or PPM with its channels, whose 8-bit values are decoded
// as the training data's were. Errors name the file and what was expected.
std::vector<InputGroup> read_prediction_inputs(const std::string& path, const ModelCard& card,
                                               const std::vector<int64_t>& input_shape,
                                               const InputOptions& options);

}  // namespace sigvit
