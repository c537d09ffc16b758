#pragma once

#include <string>

namespace sigvit {

// Marks a temporary file as being written, for as long as it lives, so that
// a process ended by a signal can remove it (see remove_unfinished_files):
// an atomic write then leaves neither a half-written file nor its temporary.
// Up to 16 files at once; more are written unmarked.
class UnfinishedFile {
 public:
  explicit UnfinishedFile(const std::string& path);
  ~UnfinishedFile();
  UnfinishedFile(const UnfinishedFile&) = delete;
  UnfinishedFile& operator=(const UnfinishedFile&) = delete;

 private:
  int slot_ = -1;
};

// Unlinks every file marked now. Async-signal-safe: for signal handlers.
void remove_unfinished_files() noexcept;

}  // namespace sigvit
