#include "data/format/isolated_read.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <exception>

#include "sigvit/error.h"

namespace sigvit {
namespace {

// The child's answer: a status byte (0: strings follow, 1: an error message
// follows), then length-prefixed strings.
void append(std::string& out, const std::string& text) {
  const uint64_t size = text.size();
  out.append(reinterpret_cast<const char*>(&size), sizeof size);
  out.append(text);
}

[[noreturn]] void answer(int fd, const std::function<std::vector<std::string>()>& read) {
  std::string message(1, '\0');
  try {
    for (const std::string& text : read()) append(message, text);
  } catch (const std::exception& error) {
    message.assign(1, '\1');
    append(message, error.what());
  } catch (...) {
    message.assign(1, '\1');
    append(message, "an unknown exception");
  }
  for (size_t written = 0; written < message.size();) {
    const ssize_t n = write(fd, message.data() + written, message.size() - written);
    if (n <= 0) _exit(2);
    written += static_cast<size_t>(n);
  }
  _exit(0);
}

std::vector<std::string> parse(const std::string& message, const std::string& what) {
  std::vector<std::string> texts;
  size_t position = 1;
  while (position < message.size()) {
    uint64_t size = 0;
    if (message.size() - position < sizeof size) throw Error(what + ": the reading process sent a damaged answer");
    std::memcpy(&size, message.data() + position, sizeof size);
    position += sizeof size;
    if (message.size() - position < size) throw Error(what + ": the reading process sent a damaged answer");
    texts.emplace_back(message.substr(position, size));
    position += size;
  }
  if (message[0] == '\1') {
    const std::string reason = texts.empty() ? std::string("unreadable") : texts.front();
    // The child's own errors usually name the thing already.
    throw Error(reason.rfind(what, 0) == 0 ? reason : what + ": " + reason);
  }
  return texts;
}

}  // namespace

std::vector<std::string> read_in_child(const std::function<std::vector<std::string>()>& read,
                                       const std::string& what, std::chrono::milliseconds timeout) {
  int fds[2];
  if (pipe(fds) != 0) throw Error(what + ": cannot create a pipe: " + std::strerror(errno));
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    throw Error(what + ": cannot start a process to read it: " + std::strerror(errno));
  }
  if (child == 0) {
    close(fds[0]);
    answer(fds[1], read);
  }
  close(fds[1]);
  std::string message;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool finished = false;
  while (!finished) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd readable{fds[0], POLLIN, 0};
    const int ready = poll(&readable, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    char buffer[4096];
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      finished = true;
    } else {
      message.append(buffer, static_cast<size_t>(n));
    }
  }
  close(fds[0]);
  if (!finished) kill(child, SIGKILL);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    const std::string limit = timeout.count() % 1000 == 0 ? std::to_string(timeout.count() / 1000) + " s"
                                                          : std::to_string(timeout.count()) + " ms";
    throw Error(what + ": reading it did not finish within " + limit +
                "; the file is damaged (libhdf5 loops on some damaged variable-length strings)");
  }
  if (WIFSIGNALED(status) || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || message.empty()) {
    const std::string how = WIFSIGNALED(status) ? "crashed (signal " + std::to_string(WTERMSIG(status)) + ")"
                                                : "failed (status " + std::to_string(WEXITSTATUS(status)) + ")";
    throw Error(what + ": reading it " + how + "; the file is damaged");
  }
  return parse(message, what);
}

}  // namespace sigvit
