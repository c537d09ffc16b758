#include "core/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "sigvit/error.h"

namespace sigvit {
namespace {

std::string read_all(int descriptor) {
  std::string text;
  char buffer[256];
  ssize_t got;
  while ((got = pread(descriptor, buffer, sizeof buffer, static_cast<off_t>(text.size()))) > 0) {
    text.append(buffer, static_cast<size_t>(got));
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string describe_this_process() {
  char host[256] = "unknown host";
  gethostname(host, sizeof host - 1);
  char since[64];
  const std::time_t now = std::time(nullptr);
  std::strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  return "pid " + std::to_string(getpid()) + " on " + host + " since " + since + "\n";
}

}  // namespace

std::unique_ptr<FileLock> FileLock::try_acquire(const std::string& path, std::string& holder) {
  const int descriptor = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (descriptor < 0) throw Error(path + ": cannot open the lock file (" + std::strerror(errno) + ")");
  if (flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    holder = read_all(descriptor);
    close(descriptor);
    if (error != EWOULDBLOCK) throw Error(path + ": cannot lock (" + std::strerror(error) + ")");
    if (holder.empty()) holder = "another process";
    return nullptr;
  }
  const std::string self = describe_this_process();
  // Who holds it is for messages only; a failed write leaves the lock valid.
  if (ftruncate(descriptor, 0) == 0) {
    [[maybe_unused]] const ssize_t written = pwrite(descriptor, self.data(), self.size(), 0);
  }
  return std::unique_ptr<FileLock>(new FileLock(descriptor));
}

FileLock::~FileLock() { close(descriptor_); }

}  // namespace sigvit
