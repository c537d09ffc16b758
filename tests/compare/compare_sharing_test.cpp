// A comparison shared between processes: run selection (--only, --shard),
// locks on runs and on the report, and --jobs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "../error_of.h"
#include "../train/train_test_support.h"
#include "compare/compare_runner.h"
#include "compare/report/run_selection.h"
#include "core/file_lock.h"

namespace sigvit {
namespace {

using namespace train_testing;
using ::testing::HasSubstr;
using sigvit::testing::error_of;

TEST(RunSelection, ShardsPartitionTheRunsExactly) {
  for (size_t shards : {1u, 3u, 4u, 11u}) {
    std::multiset<size_t> seen;
    for (size_t k = 1; k <= shards; ++k) {
      for (size_t position : select_runs(10, "", std::to_string(k) + "/" + std::to_string(shards))) {
        seen.insert(position);
      }
    }
    ASSERT_EQ(seen.size(), 10u) << shards << " shards";
    for (size_t position = 0; position < 10; ++position) EXPECT_EQ(seen.count(position), 1u) << position;
  }
}

TEST(RunSelection, OnlyTakesNumbersAndRangesAsListPrintsThem) {
  EXPECT_EQ(select_runs(10, "3,5,7-9", ""), (std::vector<size_t>{2, 4, 6, 7, 8}));
  EXPECT_EQ(select_runs(10, "4,4,1", ""), (std::vector<size_t>{0, 3}));
  EXPECT_EQ(select_runs(3, "", "").size(), 3u);
  EXPECT_THAT(error_of([] { select_runs(10, "11", ""); }),
              HasSubstr("--only: run 11 does not exist; the comparison has runs 1 to 10"));
  EXPECT_THAT(error_of([] { select_runs(10, "x", ""); }), HasSubstr("--only: expected run numbers"));
  EXPECT_THAT(error_of([] { select_runs(10, "", "4/3"); }), HasSubstr("--shard: expected 1 <= K <= N"));
  EXPECT_THAT(error_of([] { select_runs(10, "1", "1/2"); }), HasSubstr("give one of them"));
}

TEST(FileLock, ASecondHolderIsRefusedWithTheFirstNamed) {
  TempDir dir;
  std::string holder;
  const auto first = FileLock::try_acquire(dir.file("run.lock"), holder);
  ASSERT_TRUE(first);
  EXPECT_FALSE(FileLock::try_acquire(dir.file("run.lock"), holder));
  EXPECT_THAT(holder, HasSubstr("pid " + std::to_string(getpid()) + " on "));
}

TEST(FileLock, ALockWhoseProcessDiedIsTakenOver) {
  TempDir dir;
  const std::string path = dir.file("run.lock");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  if (child == 0) {
    std::string ignored;
    const auto lock = FileLock::try_acquire(path, ignored);
    const char byte = lock ? 1 : 0;
    [[maybe_unused]] const ssize_t written = write(ready[1], &byte, 1);
    pause();
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 1);
  std::string holder;
  EXPECT_FALSE(FileLock::try_acquire(path, holder));
  EXPECT_THAT(holder, HasSubstr("pid " + std::to_string(child)));
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_TRUE(FileLock::try_acquire(path, holder));
  close(ready[0]);
  close(ready[1]);
}

// Two tiny models on one toy data set, 2 seeds: 4 runs. The FCN, listed
// second, has more arithmetic per sample than the ViT.
struct SharedComparison {
  TempDir dir;

  SharedComparison() {
    write_toy_dataset(dir.file("toy.h5"), 40, 30);
    dir.write("toy.yaml", toy_experiment_yaml(dir.file("toy.h5"), dir.file("unused")));
    dir.write("fcn.yaml", "model: {type: fcn, channels: [32, 32, 32], kernel_sizes: [3, 3, 3]}\n");
  }

  std::string file(const std::string& output) {
    return dir.write(output + ".yaml", "name: toy\noutput: " + dir.file(output) +
                                           "\nseeds: 2\nexperiment: toy.yaml\n"
                                           "set: {train.epochs: 2, train.warmup_epochs: 0}\n"
                                           "datasets: [{label: Toy}]\n"
                                           "models: [{label: ViT}, {label: FCN, model_config: fcn.yaml}]\n");
  }

  CompareOutcome run(CompareRequest request, std::string* printed = nullptr) {
    request.threads = 1;
    std::ostringstream out;
    CompareOutcome outcome = run_comparison(request, out);
    if (printed) *printed = out.str();
    return outcome;
  }
};

TEST(CompareSharing, ARunAnotherProcessHoldsIsSkippedWithItsHolderNamed) {
  SharedComparison toy;
  CompareRequest request;
  request.file = toy.file("out");
  const std::string run = toy.dir.file("out/runs/Toy/ViT/seed0");
  std::filesystem::create_directories(run);
  std::string holder;
  auto lock = FileLock::try_acquire(run + "/.lock", holder);
  ASSERT_TRUE(lock);

  CompareRequest listing = request;
  listing.list = true;
  std::string listed;
  toy.run(listing, &listed);
  EXPECT_THAT(listed, HasSubstr("1\tToy\tViT\tseed 0\tbeing trained by pid " + std::to_string(getpid())));
  EXPECT_THAT(listed, HasSubstr("4\tToy\tFCN\tseed 1\tplanned"));

  request.only = "1,2";
  std::string printed;
  toy.run(request, &printed);
  EXPECT_THAT(printed, HasSubstr("Toy / ViT / seed 0: skipped, being trained by pid " + std::to_string(getpid())));
  EXPECT_FALSE(std::filesystem::exists(run + "/result.json"));
  EXPECT_TRUE(std::filesystem::exists(toy.dir.file("out/runs/Toy/ViT/seed1/result.json")));

  // The report is refused too while another process writes it.
  auto report_lock = FileLock::try_acquire(toy.dir.file("out/.report.lock"), holder);
  ASSERT_TRUE(report_lock);
  CompareRequest report = request;
  report.report_only = true;
  const CompareOutcome refused = toy.run(report, &printed);
  EXPECT_TRUE(refused.report.empty());
  EXPECT_THAT(printed, HasSubstr("report not written: " + toy.dir.file("out") + "/report.md is being written by pid"));

  lock.reset();
  report_lock.reset();
  toy.run(listing, &listed);
  EXPECT_THAT(listed, HasSubstr("1\tToy\tViT\tseed 0\tplanned"));
  EXPECT_THAT(listed, HasSubstr("2\tToy\tViT\tseed 1\tfinished"));
}

TEST(CompareSharing, JobsBelowOneAreRefused) {
  SharedComparison toy;
  CompareRequest request;
  request.file = toy.file("out");
  request.jobs = 0;
  EXPECT_THAT(error_of([&] { toy.run(request); }), HasSubstr("--jobs: expected 1 or more, got 0"));
}

TEST(CompareSharing, JobsTrainTheSameNumbersAsOneRunAtATime) {
  SharedComparison toy;
  CompareRequest sequential;
  sequential.file = toy.file("sequential");
  const CompareOutcome one = toy.run(sequential);
  CompareRequest parallel;
  parallel.file = toy.file("parallel");
  parallel.jobs = 2;
  // The jobs are sigvit processes, which would re-execute themselves with the
  // CPU's widest kernels (AVX-512 ones where it has them); this process runs
  // LibTorch's defaults, and other kernels round differently.
  ASSERT_EQ(setenv("SIGVIT_KERNELS_CHOSEN", "1", 1), 0);
  parallel.executable = SIGVIT_BINARY;
  std::string printed;
  const CompareOutcome two = toy.run(parallel, &printed);
  unsetenv("SIGVIT_KERNELS_CHOSEN");
  EXPECT_TRUE(two.failed.empty()) << printed;
  EXPECT_EQ(one.finished, 4u);
  EXPECT_EQ(two.finished, 4u);
  EXPECT_THAT(printed, HasSubstr("[4] Toy / FCN / seed 1: started (1 thread, log "));
  EXPECT_THAT(printed, HasSubstr("[4] Toy / FCN / seed 1: finished in "));
  for (const char* run : {"ViT/seed0", "ViT/seed1", "FCN/seed0", "FCN/seed1"}) {
    const std::string a = toy.dir.file(std::string("sequential/runs/Toy/") + run);
    const std::string b = toy.dir.file(std::string("parallel/runs/Toy/") + run);
    EXPECT_EQ(metrics_without_seconds(a + "/metrics.csv"), metrics_without_seconds(b + "/metrics.csv")) << run;
    EXPECT_EQ(nlohmann::json::parse(read_text(a + "/result.json"))["test_accuracy"],
              nlohmann::json::parse(read_text(b + "/result.json"))["test_accuracy"])
        << run;
  }
  // Same data and epochs, so the FCN's runs cost more and start first.
  const auto gflops = [&](const std::string& model) {
    return nlohmann::json::parse(read_text(toy.dir.file("sequential/runs/Toy/" + model + "/seed0/result.json")))
        ["gflops_per_sample"].get<double>();
  };
  ASSERT_GT(gflops("FCN"), gflops("ViT"));
  const size_t first_line = printed.find("\n[") + 1;
  EXPECT_EQ(printed.substr(first_line, printed.find(": started", first_line) - first_line), "[3] Toy / FCN / seed 0")
      << printed;
}

}  // namespace
}  // namespace sigvit
