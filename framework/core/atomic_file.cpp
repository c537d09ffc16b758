#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/unfinished_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

void sync_to_disk(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return;  // best effort: a file system without fsync still gets the rename
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(const std::string&)>& write) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  const UnfinishedFile unfinished(temporary);
  try {
    write(temporary);
  } catch (const Error& e) {
    std::remove(temporary.c_str());
    throw Error(path + " not written: " + e.what() +
                (std::filesystem::exists(path) ? "; its previous content is kept" : "; nothing was left behind"));
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
  sync_to_disk(temporary, O_RDONLY);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw Error(path + ": cannot replace it with " + temporary + ": " + reason);
  }
  // The rename itself is durable only once the directory is.
  std::string folder = std::filesystem::path(path).parent_path().string();
  sync_to_disk(folder.empty() ? "." : folder, O_RDONLY | O_DIRECTORY);
}

void write_text_atomically(const std::string& path, const std::string& text) {
  write_file_atomically(path, [&](const std::string& temporary) { write_bytes(temporary, text); });
}

void write_bytes(const std::string& path, const std::string& bytes) {
  const auto fail = [&](const char* doing) {
    return Error(path + ": cannot " + doing + " (" + std::strerror(errno) + ")");
  };
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw fail("create");
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t step = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (step < 0 && errno == EINTR) continue;
    if (step <= 0) {
      if (step == 0) errno = ENOSPC;
      const Error error = fail("write");
      ::close(fd);
      throw error;
    }
    written += static_cast<size_t>(step);
  }
  // A full disk on some file systems (NFS, some FUSE) is only reported here.
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
    const Error error = fail("flush");
    ::close(fd);
    throw error;
  }
  if (::close(fd) != 0) throw fail("close");
}

}  // namespace sigvit
