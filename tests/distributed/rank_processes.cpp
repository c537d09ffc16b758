#include "rank_processes.h"

#include <ATen/Parallel.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace sigvit::distributed_testing {
namespace {

int status_of(int raw) { return WIFSIGNALED(raw) ? 128 + WTERMSIG(raw) : WEXITSTATUS(raw); }

// Waits for `pid` until `deadline`; kills it after.
int wait_until(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  while (true) {
    int raw = 0;
    const pid_t done = waitpid(pid, &raw, WNOHANG);
    if (done == pid) return status_of(raw);
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &raw, 0);
      return 124;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::vector<int> run_ranks(int world_size, const std::function<int(int rank)>& body, int timeout_seconds) {
  std::vector<pid_t> pids;
  for (int rank = 0; rank < world_size; ++rank) {
    const pid_t pid = fork();
    if (pid == 0) {
      int status = 1;
      try {
        at::set_num_threads(1);
        status = body(rank);
      } catch (const std::exception& error) {
        std::cerr << "rank " << rank << ": " << error.what() << std::endl;
      }
      std::cout.flush();
      _exit(status);
    }
    pids.push_back(pid);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  std::vector<int> statuses;
  for (pid_t pid : pids) statuses.push_back(wait_until(pid, deadline));
  return statuses;
}

int start_program(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& environment,
                  const std::string& directory) {
  const pid_t pid = fork();
  if (pid == 0) {
    for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
    if (!freopen((directory + "/program.out").c_str(), "w", stdout) ||
        !freopen((directory + "/program.err").c_str(), "w", stderr)) {
      _exit(126);
    }
    std::vector<char*> argv;
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

Finished wait_program(int pid, const std::string& directory, int timeout_seconds) {
  Finished finished;
  finished.status = wait_until(pid, std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds));
  finished.out = slurp(directory + "/program.out");
  finished.err = slurp(directory + "/program.err");
  return finished;
}

Finished run_program(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& environment,
                     const std::string& directory, int timeout_seconds) {
  return wait_program(start_program(arguments, environment, directory), directory, timeout_seconds);
}

}  // namespace sigvit::distributed_testing
