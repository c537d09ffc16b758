#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sigvit::distributed_testing {

// Runs `body(rank)` in `world_size` forked processes, one per rank, and
// waits for them (killing them after `timeout_seconds`). Returns each rank's
// exit status: body's return value, 1 for an exception (printed), 124 for the
// timeout. Fork before this process computes with threads: the ranks run with
// one intra-op thread each.
std::vector<int> run_ranks(int world_size, const std::function<int(int rank)>& body, int timeout_seconds = 120);

// A finished program: exit code (128 + signal when killed), and its output.
struct Finished {
  int status = -1;
  std::string out, err;
};

// Starts `arguments` (arguments[0] is the program) with `environment` added
// to this process's, its output going to files under `directory`. Returns the pid.
int start_program(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& environment,
                  const std::string& directory);
// Waits up to `timeout_seconds` for `pid` (then kills it, status 124).
Finished wait_program(int pid, const std::string& directory, int timeout_seconds);
Finished run_program(const std::vector<std::string>& arguments, const std::map<std::string, std::string>& environment,
                     const std::string& directory, int timeout_seconds = 120);

}  // namespace sigvit::distributed_testing
