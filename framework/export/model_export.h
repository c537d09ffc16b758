#pragma once

#include <string>

#include "weights/weight_names.h"

namespace sigvit {

enum class ExportFormat { safetensors, torchscript };

ExportFormat parse_export_format(const std::string& text);

struct ExportRequest {
  std::string checkpoint;
  std::string output;
  ExportFormat format = ExportFormat::safetensors;
  WeightNames names = WeightNames::sigvit;  // safetensors only
};

// Writes the checkpoint's model to `output`, atomically, and returns a line
// saying what was written. Both formats carry a description of how to use
// the model (docs/pretrained.md): the classes, the input shape and the
// normalisation its inputs need, as safetensors metadata or, for
// TorchScript, the extra file "sigvit.json".
std::string export_checkpoint(const ExportRequest& request);

}  // namespace sigvit
