#include "distributed/local_launcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>

#include "sigvit/error.h"

namespace sigvit {
namespace {

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return "was killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

int exit_code(int status) { return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status); }

// In the child: the rank's environment, then this program again.
[[noreturn]] void exec_rank(const LocalLaunch& launch, int rank, int port) {
  setenv("RANK", std::to_string(rank).c_str(), 1);
  setenv("LOCAL_RANK", std::to_string(rank).c_str(), 1);
  setenv("WORLD_SIZE", std::to_string(launch.ranks).c_str(), 1);
  setenv("LOCAL_WORLD_SIZE", std::to_string(launch.ranks).c_str(), 1);
  setenv("MASTER_ADDR", launch.master_addr.c_str(), 1);
  setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
  std::vector<char*> argv;
  for (const std::string& argument : launch.arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  execv("/proc/self/exe", argv.data());
  const std::string message = "sigvit: rank " + std::to_string(rank) + " could not start: " + std::strerror(errno) + "\n";
  [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, message.data(), message.size());
  _exit(127);
}

}  // namespace

int free_port(const std::string& address) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw Error(std::string("cannot open a socket: ") + std::strerror(errno));
  sockaddr_in bound{};
  bound.sin_family = AF_INET;
  bound.sin_port = 0;
  if (inet_pton(AF_INET, address.c_str(), &bound.sin_addr) != 1) {
    close(fd);
    throw Error("'" + address + "' is not an IPv4 address");
  }
  socklen_t length = sizeof bound;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&bound), sizeof bound) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) == 0;
  const int saved = errno;
  close(fd);
  if (!ok) throw Error("no free port on " + address + ": " + std::strerror(saved));
  return ntohs(bound.sin_port);
}

int launch_local_ranks(const LocalLaunch& launch, std::ostream& log) {
  if (launch.ranks < 1) throw Error("--nproc: expected 1 or more ranks, got " + std::to_string(launch.ranks));
  const int port = launch.master_port > 0 ? launch.master_port : free_port(launch.master_addr);

  // Signals are taken synchronously, from the moment before the first fork;
  // the ranks restore the default mask before exec.
  sigset_t handled;
  sigemptyset(&handled);
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&handled, signal);
  sigset_t previous;
  sigprocmask(SIG_BLOCK, &handled, &previous);

  std::map<pid_t, int> running;  // pid -> rank
  pid_t group = 0;
  for (int rank = 0; rank < launch.ranks; ++rank) {
    const pid_t pid = fork();
    if (pid < 0) {
      const int saved = errno;
      if (group != 0) kill(-group, SIGKILL);
      sigprocmask(SIG_SETMASK, &previous, nullptr);
      throw Error(std::string("--nproc: cannot start rank ") + std::to_string(rank) + ": " + std::strerror(saved));
    }
    if (pid == 0) {
      setpgid(0, group);
      // A launcher that is killed outright cannot pass signals on: its ranks
      // then stop as after a Ctrl-C, with a checkpoint.
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      sigprocmask(SIG_SETMASK, &previous, nullptr);
      exec_rank(launch, rank, port);
    }
    setpgid(pid, group);  // as the child does: whichever runs first
    if (group == 0) group = pid;
    running[pid] = rank;
  }
  log << "launched " << launch.ranks << " ranks on " << launch.master_addr << ":" << port << " (pids";
  for (const auto& [pid, rank] : running) log << " " << pid;
  log << ")\n" << std::flush;

  int result = 0;
  int forwarded = 0;
  bool stopping = false;
  timespec deadline{};
  while (!running.empty()) {
    siginfo_t info{};
    timespec wait_for{1, 0};
    const int signal = sigtimedwait(&handled, &info, &wait_for);
    if (signal == SIGINT || signal == SIGTERM || signal == SIGHUP) {
      // The ranks agree on stopping; a second signal ends them at once.
      forwarded = signal;
      kill(-group, signal);
    }
    int status = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      const auto found = running.find(pid);
      if (found == running.end()) continue;
      const int rank = found->second;
      running.erase(found);
      const bool failed = !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
      if (!failed || (forwarded != 0 && exit_code(status) == 128 + forwarded)) {
        if (failed && result == 0) result = exit_code(status);
        continue;
      }
      if (result == 0) result = exit_code(status);
      if (!stopping && !running.empty()) {
        log << "sigvit: rank " << rank << " (pid " << pid << ") " << describe_status(status)
            << "; stopping the other ranks\n"
            << std::flush;
        kill(-group, SIGTERM);
        stopping = true;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += launch.grace.count();
      } else if (!stopping) {
        log << "sigvit: rank " << rank << " (pid " << pid << ") " << describe_status(status) << "\n" << std::flush;
      }
    }
    if (stopping && !running.empty()) {
      timespec now{};
      clock_gettime(CLOCK_MONOTONIC, &now);
      if (now.tv_sec >= deadline.tv_sec) {
        log << "sigvit: " << running.size() << " rank(s) still running " << launch.grace.count()
            << " s after the failure; killing them\n"
            << std::flush;
        kill(-group, SIGKILL);
        deadline.tv_sec = now.tv_sec + 3600;
      }
    }
  }
  sigprocmask(SIG_SETMASK, &previous, nullptr);
  return result;
}

}  // namespace sigvit
