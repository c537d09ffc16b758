#pragma once

#include "checkpoint/checkpoint.h"
#include "model/api/classifier.h"
#include "weights/weight_names.h"

namespace sigvit {

// The model's parameters and buffers under `names`' convention, ready for a
// file another library loads. An Error lists the tensors that convention has
// no name for (a CNN, a distillation token for torchvision...).
NamedTensors tensors_for_export(Classifier& model, WeightNames names);

}  // namespace sigvit
