#pragma once

#include <memory>

#include "distributed/communicator.h"
#include "distributed/rank_environment.h"

namespace sigvit {

// Joins the run `environment` describes: rendezvous through a TCPStore that
// rank 0 serves (or a FileStore), then a Gloo process group on the
// interface given, or else on the address this host reaches MASTER_ADDR
// from (no hostname lookup, which fails in sandboxes). Errors name the
// address and port, or the file, and the rank.
std::unique_ptr<Communicator> connect_ranks(const RankEnvironment& environment);

}  // namespace sigvit
