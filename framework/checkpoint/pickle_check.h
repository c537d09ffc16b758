#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sigvit {

// Walks the opcodes of a pickle and returns what is wrong with the first
// one whose argument claims more bytes than the pickle has left, or a memo
// index no pickle of this size can reach. LibTorch's unpickler allocates what
// such a field says before reading it (a damaged checkpoint asked for 4 GB),
// so checkpoints are checked with this first. Opcodes it does not know end
// the walk without a verdict: the unpickler then judges. With `modules`, the
// module of every class the pickle names (GLOBAL) is appended to it.
std::optional<std::string> oversized_pickle_field(const uint8_t* data, size_t size,
                                                  std::vector<std::string>* modules = nullptr);

// The same for every .pkl record of a zip archive written by torch::save,
// after checking that no record is stored twice and that every TorchScript
// class its code uses has its source in the archive (LibTorch's loader
// crashes otherwise); Error naming `path`, the record and the field, or what
// LibTorch's zip reader found wrong (its loader crashes on some archives that
// reader refuses).
void check_archive_pickles(const std::string& path);

}  // namespace sigvit
