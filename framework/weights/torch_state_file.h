#pragma once

#include <string>

#include "checkpoint/checkpoint.h"

namespace sigvit {

// The tensors of a file written by Python's torch.save: a dict of name ->
// tensor, or such a dict under "state_dict" or "model" (training checkpoints),
// with the "module." prefix of DistributedDataParallel dropped. The file must
// be in the zip format of PyTorch >= 1.6. LibTorch cannot read a pickled
// OrderedDict (what `model.state_dict()` returns) nor CUDA tensors without
// CUDA: the error then says how to re-save the file.
NamedTensors read_torch_state_dict(const std::string& path);

}  // namespace sigvit
