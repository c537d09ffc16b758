#include "core/unfinished_file.h"

#include <unistd.h>

#include <atomic>
#include <cstring>

namespace sigvit {
namespace {

constexpr int kSlots = 16;
constexpr size_t kMaxPath = 4096;

// A slot is claimed (free -> writing), filled, then published (-> ready); a
// signal handler reads only ready slots. Fixed storage: a handler may not allocate.
enum SlotState : int { kFree, kWriting, kReady };
std::atomic<int> states[kSlots];
char paths[kSlots][kMaxPath];

}  // namespace

UnfinishedFile::UnfinishedFile(const std::string& path) {
  if (path.size() >= kMaxPath) return;
  for (int slot = 0; slot < kSlots; ++slot) {
    int expected = kFree;
    if (!states[slot].compare_exchange_strong(expected, kWriting)) continue;
    std::memcpy(paths[slot], path.c_str(), path.size() + 1);
    states[slot].store(kReady);
    slot_ = slot;
    return;
  }
}

UnfinishedFile::~UnfinishedFile() {
  if (slot_ >= 0) states[slot_].store(kFree);
}

void remove_unfinished_files() noexcept {
  for (int slot = 0; slot < kSlots; ++slot) {
    if (states[slot].load() == kReady) ::unlink(paths[slot]);
  }
}

}  // namespace sigvit
