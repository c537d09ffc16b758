#include "cli/local_ranks.h"

#include <iostream>

#include "distributed/local_launcher.h"
#include "sigvit/error.h"

namespace sigvit::cli {

std::optional<int> launch_local_ranks_if_asked(const std::string& command, const std::vector<std::string>& args,
                                               int nproc, const RankEnvironment& ranks) {
  if (nproc < 1) throw Error("--nproc: expected 1 or more processes, got " + std::to_string(nproc));
  if (nproc == 1) return std::nullopt;
  // Started by the launcher (or torchrun, srun), a process is one rank.
  if (ranks.distributed()) {
    if (nproc != ranks.world_size) {
      throw Error("--nproc " + std::to_string(nproc) + " given to a rank of a run with WORLD_SIZE=" +
                  std::to_string(ranks.world_size));
    }
    return std::nullopt;
  }
  LocalLaunch launch;
  launch.ranks = nproc;
  launch.arguments = {"sigvit", command};
  launch.arguments.insert(launch.arguments.end(), args.begin(), args.end());
  return launch_local_ranks(launch, std::cerr);
}

}  // namespace sigvit::cli
