#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace sigvit {

struct LocalLaunch {
  int ranks = 2;
  // The command each rank runs: this program's arguments; the ranks tell
  // themselves apart by torchrun's environment variables, which are set.
  std::vector<std::string> arguments;
  std::string master_addr = "127.0.0.1";
  int master_port = 0;  // 0: a free port
  // After one rank fails, how long the others get to stop before SIGKILL.
  std::chrono::seconds grace{20};
};

// `--nproc N`: runs N ranks of this program on this machine and supervises
// them. They form their own process group: a Ctrl-C (SIGINT), SIGTERM or
// SIGHUP sent to the launcher is passed on to every rank, which then stop
// together after one consistent checkpoint (a second Ctrl-C passes on too,
// and ends them at once). When a rank exits with an error or is killed, the
// launcher names it on `log` and stops the others. Returns the exit status
// for the launcher: 0 when every rank succeeded, else that of the first
// rank to fail (128 + signal for a signal).
int launch_local_ranks(const LocalLaunch& launch, std::ostream& log);

// A TCP port on `address` that nothing listens on at the moment of asking.
int free_port(const std::string& address);

}  // namespace sigvit
