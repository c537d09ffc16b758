#pragma once

#include <memory>
#include <string>

namespace sigvit {

// An exclusive lock on a file, held while the object lives. It is an
// advisory lock of the kernel's (flock), so it dies with its process: a lock
// left by a killed process is free for the next one, with nothing to clean
// up. The file itself stays and names its last holder.
class FileLock {
 public:
  // The lock at `path` (the file is created if needed), or nullptr when
  // another process holds it; then `holder` says who ("pid 4242 on node7
  // since 2026-12-01 03:40:12 UTC"). Throws sigvit::Error when the file
  // cannot be opened.
  static std::unique_ptr<FileLock> try_acquire(const std::string& path, std::string& holder);

  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int descriptor) : descriptor_(descriptor) {}
  int descriptor_;
};

}  // namespace sigvit
