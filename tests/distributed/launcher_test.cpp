// `sigvit run --nproc N` and ranks started by other launchers, end to end:
// what a run of two ranks writes, and how it ends when a rank is killed,
// when it is interrupted, or when the rendezvous cannot happen.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <regex>
#include <thread>

#include "../train/train_test_support.h"
#include "checkpoint/checkpoint.h"
#include "distributed/local_launcher.h"
#include "rank_processes.h"

namespace sigvit {
namespace {

using namespace train_testing;
using data_testing::exists;
using distributed_testing::Finished;
using distributed_testing::run_program;
using distributed_testing::start_program;
using distributed_testing::wait_program;
using ::testing::HasSubstr;

// Alive and not a zombie (whoever adopted an orphan may not reap it at once).
bool running(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t end_of_name = text.rfind(')');
  return end_of_name != std::string::npos && end_of_name + 2 < text.size() && text[end_of_name + 2] != 'Z';
}

class Launcher : public ::testing::Test {
 protected:
  void SetUp() override {
    write_toy_dataset(dir.file("toy.h5"), 60, 30);
    config = dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("run")));
  }

  std::vector<std::string> sigvit_run(std::vector<std::string> extra) const {
    std::vector<std::string> arguments{SIGVIT_BINARY, "run", config};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
  }

  // Waits until `path` exists, up to 60 s.
  static bool appears(const std::string& path) {
    for (int i = 0; i < 3000 && !exists(path); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return exists(path);
  }

  TempDir dir;
  std::string config;
};

TEST_F(Launcher, TwoLocalRanksTrainOneRunThatRankZeroWrites) {
  const Finished run = run_program(sigvit_run({"--nproc", "2"}), {}, dir.file(""));
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("launched 2 ranks on 127.0.0.1:"));
  EXPECT_THAT(run.out, HasSubstr("3 epochs x 3 batches of 8 per rank x 2 ranks (global batch 16)"));
  // Only rank 0 prints: one header.
  EXPECT_EQ(run.out.find("kernels"), run.out.rfind("kernels"));
  const auto result = nlohmann::json::parse(read_text(dir.file("run/result.json")));
  EXPECT_EQ(result["world_size"], 2);
  EXPECT_EQ(result["batch_size"], 8);
  EXPECT_EQ(result["global_batch_size"], 16);
  EXPECT_EQ(result["test"]["cases"], 30);
  EXPECT_EQ(read_lines(dir.file("run/metrics.csv")).size(), 4u);
  EXPECT_EQ(read_checkpoint(dir.file("run/last.ckpt")).state.world_size, 2);
}

TEST_F(Launcher, AKilledRankEndsTheRunNamingItAndTheLastCheckpointStaysLoadable) {
  const int pid = start_program(sigvit_run({"--nproc", "2", "--set", "train.epochs=100000", "--set",
                                            "train.checkpoint_interval=0"}),
                                {}, dir.file(""));
  ASSERT_TRUE(appears(dir.file("run/last.ckpt")));
  std::smatch pids;
  const std::string err = read_text(dir.file("program.err"));
  ASSERT_TRUE(std::regex_search(err, pids, std::regex("pids ([0-9]+) ([0-9]+)"))) << err;
  const int rank1 = std::stoi(pids[2]);
  const auto killed_at = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(rank1, SIGKILL), 0);
  const Finished run = wait_program(pid, dir.file(""), 60);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed_at).count();
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.status, 124) << "the launcher did not end";
  EXPECT_LT(seconds, 30);
  EXPECT_THAT(run.err, HasSubstr("rank 1 (pid " + std::to_string(rank1) + ") was killed by signal 9"));
  EXPECT_GT(read_checkpoint(dir.file("run/last.ckpt")).state.step, 0);
}

TEST_F(Launcher, RanksWhoseLauncherIsKilledStopWithACheckpoint) {
  const int launcher = start_program(sigvit_run({"--nproc", "2", "--set", "train.epochs=100000"}), {}, dir.file(""));
  ASSERT_TRUE(appears(dir.file("run/metrics.csv")));
  std::smatch pids;
  const std::string err = read_text(dir.file("program.err"));
  ASSERT_TRUE(std::regex_search(err, pids, std::regex("pids ([0-9]+) ([0-9]+)"))) << err;
  ASSERT_EQ(kill(launcher, SIGKILL), 0);
  wait_program(launcher, dir.file(""), 10);
  for (const std::string pid : {pids[1].str(), pids[2].str()}) {
    bool gone = false;
    for (int i = 0; i < 1500 && !gone; ++i) {
      gone = !running(std::stoi(pid));
      if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(gone) << "rank pid " << pid << " still runs 30 s after its launcher was killed";
    if (!gone) kill(std::stoi(pid), SIGKILL);
  }
  EXPECT_GT(read_checkpoint(dir.file("run/last.ckpt")).state.step, 0);
}

TEST_F(Launcher, CtrlCStopsEveryRankAfterOneCheckpointThatResumesWithTheSameRanks) {
  const int pid = start_program(sigvit_run({"--nproc", "2", "--set", "train.epochs=60"}), {}, dir.file(""));
  ASSERT_TRUE(appears(dir.file("run/metrics.csv")));
  ASSERT_EQ(kill(pid, SIGINT), 0);
  const Finished interrupted = wait_program(pid, dir.file(""), 60);
  EXPECT_EQ(interrupted.status, 128 + SIGINT) << interrupted.err;
  EXPECT_THAT(interrupted.out, HasSubstr("--nproc 2 --resume"));
  const TrainingState saved = read_checkpoint(dir.file("run/last.ckpt")).state;
  EXPECT_LT(saved.epoch, 60) << "the interruption came too late to test anything";

  const Finished refused =
      run_program(sigvit_run({"--set", "train.epochs=60", "--resume"}), {}, dir.file(""));
  EXPECT_NE(refused.status, 0);
  EXPECT_THAT(refused.err, HasSubstr("trained by 2 data-parallel ranks and this run has 1"));

  const Finished resumed =
      run_program(sigvit_run({"--nproc", "2", "--set", "train.epochs=60", "--resume"}), {}, dir.file(""));
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(read_lines(dir.file("run/metrics.csv")).size(), 61u);
}

TEST_F(Launcher, CompareTrainsEachRunOnTheRanksItIsGiven) {
  const std::string comparison = dir.write("compare.yaml", "name: toy\noutput: " + dir.file("out") +
                                                               "\nseeds: 1\nexperiment: toy.yaml\n"
                                                               "set: {train.epochs: 2}\n"
                                                               "datasets: [{label: Toy}]\nmodels: [{label: ViT}]\n");
  const Finished run = run_program({SIGVIT_BINARY, "compare", comparison, "--nproc", "2"}, {}, dir.file(""));
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  const auto result = nlohmann::json::parse(read_text(dir.file("out/runs/Toy/ViT/seed0/result.json")));
  EXPECT_EQ(result["world_size"], 2);
  EXPECT_TRUE(exists(dir.file("out/report.md")));
}

TEST_F(Launcher, ABadMasterPortIsNamed) {
  const Finished run = run_program(sigvit_run({}), {{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "99999"}},
                                   dir.file(""));
  EXPECT_NE(run.status, 0);
  EXPECT_THAT(run.err, HasSubstr("MASTER_PORT='99999': expected a whole number from 1 to 65535"));
}

TEST_F(Launcher, ProcessCountsThatCannotBeAreRefused) {
  const Finished none = run_program(sigvit_run({"--nproc", "0"}), {}, dir.file(""));
  EXPECT_NE(none.status, 0);
  EXPECT_THAT(none.err, HasSubstr("--nproc: expected 1 or more processes, got 0"));

  const Finished mismatched = run_program(sigvit_run({"--nproc", "3"}), {{"RANK", "0"}, {"WORLD_SIZE", "2"}},
                                          dir.file(""));
  EXPECT_NE(mismatched.status, 0);
  EXPECT_THAT(mismatched.err, HasSubstr("--nproc 3 given to a rank of a run with WORLD_SIZE=2"));

  // A rank of a comparison trains the one run its launcher holds the lock of.
  const std::string comparison = dir.write("compare.yaml", "name: toy\noutput: " + dir.file("out") +
                                                               "\nexperiment: toy.yaml\n"
                                                               "datasets: [{label: Toy}]\nmodels: [{label: ViT}]\n");
  const Finished rank = run_program({SIGVIT_BINARY, "compare", comparison}, {{"RANK", "1"}, {"WORLD_SIZE", "2"}},
                                    dir.file(""));
  EXPECT_NE(rank.status, 0);
  EXPECT_THAT(rank.err, HasSubstr("a data-parallel rank of `sigvit compare` trains one run: give --only I --no-report"));
}

TEST_F(Launcher, ARankThatCannotReachTheStoreSaysWhereItLooked) {
  const std::string port = std::to_string(free_port("127.0.0.1"));
  const Finished run = run_program(sigvit_run({}),
                                   {{"RANK", "1"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "127.0.0.1"},
                                    {"MASTER_PORT", port}, {"SIGVIT_DIST_TIMEOUT", "2"}},
                                   dir.file(""), 60);
  EXPECT_NE(run.status, 0);
  EXPECT_NE(run.status, 124);
  EXPECT_THAT(run.err, HasSubstr("rank 1 could not reach the rendezvous store at 127.0.0.1:" + port));
}

}  // namespace
}  // namespace sigvit
