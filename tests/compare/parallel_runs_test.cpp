#include "compare/parallel_runs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

namespace sigvit {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A stand-in for `sigvit compare --only I`: it trains until interrupted, then
// exits as sigvit does after saving its checkpoint (128 + SIGINT).
std::string write_endless_child(const std::filesystem::path& directory) {
  const std::filesystem::path script = directory / "endless_child";
  std::ofstream(script) << "#!/bin/sh\ntrap 'exit 130' INT TERM\nwhile :; do sleep 0.05; done\n";
  chmod(script.c_str(), 0755);
  return script.string();
}

TEST(ParallelRuns, AnInterruptionEndsTheRunningChildrenAndStartsNoOther) {
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("sigvit_parallel_runs_" + std::to_string(getpid()));
  std::filesystem::remove_all(directory);
  std::filesystem::create_directories(directory);
  ChildCommand command;
  command.executable = write_endless_child(directory);
  command.file = "unused.yaml";
  std::vector<ChildRun> runs;
  for (size_t i = 0; i < 3; ++i) runs.push_back({i, "run " + std::to_string(i), (directory / std::to_string(i)).string()});

  auto out = std::make_shared<std::ostringstream>();
  auto finished = std::make_shared<std::promise<ParallelOutcome>>();
  std::future<ParallelOutcome> outcome = finished->get_future();
  std::thread([runs, command, out, finished] { finished->set_value(train_in_parallel(runs, 2, command, *out)); })
      .detach();

  // The first two children write their logs once started; then interrupt this process alone, as
  // `kill PID` would (a terminal's Ctrl-C would reach the children as well).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!(std::filesystem::exists(directory / "0/compare.log") && std::filesystem::exists(directory / "1/compare.log")) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(std::filesystem::exists(directory / "1/compare.log")) << "the children did not start";
  kill(getpid(), SIGINT);

  // Waiting for runs that will never start would keep `sigvit compare` alive forever.
  ASSERT_EQ(outcome.wait_for(std::chrono::seconds(20)), std::future_status::ready)
      << "train_in_parallel did not return after the interruption";
  const ParallelOutcome result = outcome.get();
  EXPECT_TRUE(result.interrupted);
  EXPECT_TRUE(result.failed.empty());
  EXPECT_THAT(out->str(), HasSubstr("[1] run 0: interrupted with its checkpoint saved"));
  EXPECT_THAT(out->str(), HasSubstr("[2] run 1: interrupted with its checkpoint saved"));
  EXPECT_THAT(out->str(), Not(HasSubstr("[3] run 2")));
  EXPECT_FALSE(std::filesystem::exists(directory / "2"));
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace sigvit
