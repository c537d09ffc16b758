#include "distributed/gloo_communicator.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <unistd.h>

#include <cstring>

#include "sigvit/error.h"

namespace sigvit {
namespace {

std::string endpoint(const RankEnvironment& env) {
  return env.master_addr + ":" + std::to_string(env.master_port);
}

// The local address the kernel would send from to reach `host`: connecting
// a UDP socket sends nothing but picks the route.
std::string local_address_towards(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  if (const int status = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); status != 0) {
    throw Error("MASTER_ADDR '" + host + "' does not resolve: " + gai_strerror(status));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);
  const int fd = socket(found->ai_family, SOCK_DGRAM, 0);
  if (fd < 0) throw Error(std::string("cannot open a socket: ") + std::strerror(errno));
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  const bool routed = connect(fd, found->ai_addr, found->ai_addrlen) == 0 &&
                      getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) == 0;
  const int saved = errno;
  close(fd);
  if (!routed) throw Error("no route to MASTER_ADDR '" + host + "': " + std::strerror(saved));
  char text[INET6_ADDRSTRLEN] = {};
  const void* address = local.ss_family == AF_INET6
                            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&local)->sin6_addr)
                            : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&local)->sin_addr);
  inet_ntop(local.ss_family, address, text, sizeof text);
  return text;
}

c10::intrusive_ptr<c10d::Store> open_store(const RankEnvironment& env) {
  if (!env.store_file.empty()) {
    try {
      auto store = c10::make_intrusive<c10d::FileStore>(env.store_file, env.world_size);
      store->setTimeout(env.timeout);
      return store;
    } catch (const std::exception& error) {
      throw Error("rank " + std::to_string(env.rank) + " could not open the rendezvous file " + env.store_file +
                  " (SIGVIT_STORE_FILE): " + error.what());
    }
  }
  c10d::TCPStoreOptions options;
  options.port = static_cast<std::uint16_t>(env.master_port);
  options.isServer = env.rank == 0;
  options.numWorkers = static_cast<size_t>(env.world_size);
  options.timeout = env.timeout;
  try {
    return c10::make_intrusive<c10d::TCPStore>(env.master_addr, options);
  } catch (const std::exception& error) {
    const std::string first_line = std::string(error.what()).substr(0, std::string(error.what()).find('\n'));
    if (env.rank == 0) {
      throw Error("rank 0 could not serve the rendezvous store on " + endpoint(env) +
                  " (MASTER_ADDR, MASTER_PORT), or not all " + std::to_string(env.world_size) + " ranks joined within " +
                  std::to_string(env.timeout.count() / 1000) + " s: " + first_line);
    }
    throw Error("rank " + std::to_string(env.rank) + " could not reach the rendezvous store at " + endpoint(env) +
                " (MASTER_ADDR, MASTER_PORT) within " + std::to_string(env.timeout.count() / 1000) +
                " s: " + first_line);
  }
}

class GlooCommunicator final : public Communicator {
 public:
  explicit GlooCommunicator(const RankEnvironment& env) : env_(env), store_(open_store(env)) {
    auto options = c10d::ProcessGroupGloo::Options::create(env.timeout);
    const std::string where = env.interface.empty() ? local_address_towards(env.master_addr, env.master_port)
                                                    : "interface " + env.interface;
    try {
      options->devices.push_back(env.interface.empty() ? c10d::ProcessGroupGloo::createDeviceForHostname(where)
                                                       : c10d::ProcessGroupGloo::createDeviceForInterface(env.interface));
      options->threads = 2;
      group_ = c10::make_intrusive<c10d::ProcessGroupGloo>(store_, env.rank, env.world_size, options);
    } catch (const std::exception& error) {
      throw Error("rank " + std::to_string(env.rank) + " could not connect to the other ranks from " + where + ": " +
                  error.what());
    }
  }

  int rank() const override { return env_.rank; }
  int world_size() const override { return env_.world_size; }

  void all_reduce_sum(std::vector<torch::Tensor>& tensors) override {
    for (torch::Tensor& tensor : tensors) {
      std::vector<at::Tensor> one{tensor};
      complete("all-reduce", [&] { return group_->allreduce(one); });
    }
  }

  void broadcast(torch::Tensor& tensor) override {
    std::vector<at::Tensor> one{tensor};
    complete("broadcast", [&] { return group_->broadcast(one); });
  }

  std::string share(const std::string& key, const std::string& value) override {
    const std::string full_key = "sigvit/" + key;
    try {
      if (first()) {
        store_->set(full_key, std::vector<uint8_t>(value.begin(), value.end()));
        return value;
      }
      const std::vector<uint8_t> bytes = store_->get(full_key);
      return std::string(bytes.begin(), bytes.end());
    } catch (const std::exception& error) {
      throw lost("sharing '" + key + "' through the store", error);
    }
  }

  void barrier() override {
    complete("barrier", [&] { return group_->barrier(); });
  }

 private:
  template <typename Start>
  void complete(const char* what, Start start) {
    try {
      start()->wait();
    } catch (const std::exception& error) {
      throw lost(what, error);
    }
  }

  Error lost(const std::string& what, const std::exception& error) const {
    std::string cause = error.what();
    cause = cause.substr(0, cause.find('\n'));
    return Error("rank " + std::to_string(env_.rank) + " of " + std::to_string(env_.world_size) + ": the " + what +
                 " failed, so another rank has stopped or stalled (timeout " +
                 std::to_string(env_.timeout.count() / 1000) + " s, SIGVIT_DIST_TIMEOUT): " + cause);
  }

  RankEnvironment env_;
  c10::intrusive_ptr<c10d::Store> store_;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group_;
};

}  // namespace

std::unique_ptr<Communicator> connect_ranks(const RankEnvironment& environment) {
  return std::make_unique<GlooCommunicator>(environment);
}

}  // namespace sigvit
