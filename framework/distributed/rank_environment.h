#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace sigvit {

// This process's place in a data-parallel run, as launchers describe it.
struct RankEnvironment {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  int local_world_size = 1;
  // Rendezvous: a TCPStore that rank 0 serves at master_addr:master_port,
  // or, when store_file is set, a FileStore on a filesystem all ranks share.
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  std::string store_file;
  // The network interface Gloo binds to; empty: the one that routes to master_addr.
  std::string interface;
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};

  bool distributed() const { return world_size > 1; }
  // Intra-op threads a rank takes by default: this host's cores shared among its ranks.
  int cores_per_rank() const;
  // "rank 1 of 2" or "one process".
  std::string describe() const;
};

using EnvironmentLookup = std::function<const char*(const char* name)>;

// Reads torchrun's variables (RANK, WORLD_SIZE, LOCAL_RANK,
// LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT) or, without RANK and
// WORLD_SIZE but with MASTER_ADDR, SLURM's (SLURM_PROCID, SLURM_NTASKS,
// SLURM_LOCALID, SLURM_NTASKS_PER_NODE), plus
// sigvit's SIGVIT_STORE_FILE, SIGVIT_IFACE (or Gloo's GLOO_SOCKET_IFNAME) and
// SIGVIT_DIST_TIMEOUT (seconds). Nothing set: one process. A value out of
// range or not a number is an Error naming the variable.
RankEnvironment read_rank_environment(const EnvironmentLookup& lookup);
RankEnvironment read_rank_environment();

}  // namespace sigvit
