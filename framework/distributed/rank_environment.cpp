#include "distributed/rank_environment.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <thread>

#include "sigvit/error.h"

namespace sigvit {
namespace {

struct Variables {
  const EnvironmentLookup& lookup;

  std::optional<std::string> text(const char* name) const {
    const char* value = lookup(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  }

  // A whole decimal number within [low, high]; SLURM writes "2(x3)" for
  // tasks per node, of which the leading count is what is wanted.
  std::optional<long> number(const char* name, long low, long high, bool leading = false) const {
    const std::optional<std::string> value = text(name);
    if (!value) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const long parsed = std::strtol(value->c_str(), &end, 10);
    const bool whole = end != value->c_str() && (leading || *end == '\0');
    if (!whole || errno != 0 || parsed < low || parsed > high) {
      throw Error("environment variable " + std::string(name) + "='" + *value + "': expected a whole number from " +
                  std::to_string(low) + " to " + std::to_string(high));
    }
    return parsed;
  }
};

constexpr long kMaxRanks = 1 << 20;

}  // namespace

std::string RankEnvironment::describe() const {
  if (!distributed()) return "one process";
  return "rank " + std::to_string(rank) + " of " + std::to_string(world_size);
}

int RankEnvironment::cores_per_rank() const {
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / std::max(1, local_world_size));
}

RankEnvironment read_rank_environment(const EnvironmentLookup& lookup) {
  const Variables vars{lookup};
  RankEnvironment env;
  const bool torchrun = vars.text("RANK") || vars.text("WORLD_SIZE");
  // Inside a SLURM allocation every process sees SLURM_PROCID and
  // SLURM_NTASKS, a single `sigvit compare` in a batch script included; only
  // a script that also names the rendezvous host means ranks.
  if (!torchrun && !vars.text("MASTER_ADDR")) return env;
  const char* rank_name = torchrun ? "RANK" : "SLURM_PROCID";
  const char* size_name = torchrun ? "WORLD_SIZE" : "SLURM_NTASKS";
  const std::optional<long> size = vars.number(size_name, 1, kMaxRanks);
  const std::optional<long> rank = vars.number(rank_name, 0, kMaxRanks - 1);
  if (!size && !rank) return env;
  if (!size || !rank) {
    throw Error(std::string("environment variable ") + (size ? rank_name : size_name) + " is not set, but " +
                (size ? size_name : rank_name) + " is: a data-parallel rank needs both");
  }
  if (*rank >= *size) {
    throw Error(std::string(rank_name) + "=" + std::to_string(*rank) + " is not below " + size_name + "=" +
                std::to_string(*size));
  }
  env.rank = static_cast<int>(*rank);
  env.world_size = static_cast<int>(*size);
  const char* local_name = torchrun ? "LOCAL_RANK" : "SLURM_LOCALID";
  const char* local_size_name = torchrun ? "LOCAL_WORLD_SIZE" : "SLURM_NTASKS_PER_NODE";
  env.local_world_size = static_cast<int>(vars.number(local_size_name, 1, *size, !torchrun).value_or(1));
  env.local_rank = static_cast<int>(vars.number(local_name, 0, *size - 1).value_or(0));
  if (const auto addr = vars.text("MASTER_ADDR")) env.master_addr = *addr;
  if (const auto port = vars.number("MASTER_PORT", 1, 65535)) env.master_port = static_cast<int>(*port);
  if (const auto file = vars.text("SIGVIT_STORE_FILE")) env.store_file = *file;
  if (const auto iface = vars.text("SIGVIT_IFACE")) {
    env.interface = *iface;
  } else if (const auto gloo_iface = vars.text("GLOO_SOCKET_IFNAME")) {
    env.interface = *gloo_iface;
  }
  if (const auto seconds = vars.number("SIGVIT_DIST_TIMEOUT", 1, 7 * 24 * 3600)) {
    env.timeout = std::chrono::seconds(*seconds);
  }
  return env;
}

RankEnvironment read_rank_environment() {
  return read_rank_environment([](const char* name) { return std::getenv(name); });
}

}  // namespace sigvit
