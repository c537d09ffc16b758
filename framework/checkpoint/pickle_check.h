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

// Whether a checkpoint's zip archive is safe to hand to LibTorch's loader,
// which crashes or over-allocates on some damaged ones: LibTorch's zip
// reader accepts it; no record is stored twice; its code records hold only
// what torch::serialize writes and every class they or a pickle name has its
// source; and every .pkl record passes oversized_pickle_field. Otherwise an
// Error naming `path` and the record, field or the zip reader's reason.
void check_checkpoint_archive(const std::string& path);

// The same checks on any zip archive of LibTorch's serialisation (a Python
// torch.save file too); errors begin with `subject` ("weights file 'w.pt'")
// and say the file is not `kind` ("a torch.save archive") when the zip reader
// refuses it.
void check_torch_archive(const std::string& path, const std::string& subject, const std::string& kind);

}  // namespace sigvit
