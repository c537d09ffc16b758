#pragma once

#include <optional>
#include <string>
#include <vector>

#include "distributed/rank_environment.h"

namespace sigvit::cli {

// `--nproc N` of `sigvit COMMAND ARGS...`: with N > 1 in a process that is
// not yet a rank, starts N local ranks of the same command and returns the
// launcher's exit status; otherwise nothing, and this process does the work
// (as one of `ranks`). N < 1, or N other than the WORLD_SIZE a rank was
// started with, is an Error.
std::optional<int> launch_local_ranks_if_asked(const std::string& command, const std::vector<std::string>& args,
                                               int nproc, const RankEnvironment& ranks);

}  // namespace sigvit::cli
