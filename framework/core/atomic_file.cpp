#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

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
  try {
    write(temporary);
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
  write_file_atomically(path, [&](const std::string& temporary) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw Error(temporary + ": cannot write (" + std::strerror(errno) + ")");
  });
}

}  // namespace sigvit
