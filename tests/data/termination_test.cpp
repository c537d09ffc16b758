// A signal that ends the process in the middle of an atomic write leaves the
// previous file as it was and no temporary file behind, whether the process
// was in a training loop (a second signal) or not.

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <functional>

#include "core/atomic_file.h"
#include "data_test_support.h"
#include "runtime/interrupt.h"

namespace sigvit {
namespace {

using data_testing::file_contents;
using data_testing::TempDir;
using ::testing::ElementsAre;

// Runs `body` in a child process and returns the signal that ended it (0: none).
int signal_ending(const std::function<void()>& body) {
  const pid_t child = fork();
  if (child == 0) {
    body();
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

// Half of the new content is on disk when `signal` arrives.
void write_interrupted_by(const std::string& path, int signal) {
  write_file_atomically(path, [signal](const std::string& temporary) {
    std::ofstream(temporary) << "half of the new";
    std::raise(signal);
    std::ofstream(temporary, std::ios::app) << " content";
  });
}

TEST(Termination, OutsideTrainingASignalRemovesTheUnfinishedFileAndEndsTheProcess) {
  TempDir dir;
  const std::string path = dir.write("result.json", "previous");
  EXPECT_EQ(signal_ending([&] {
              remove_unfinished_files_on_termination();
              write_interrupted_by(path, SIGTERM);
            }),
            SIGTERM);
  EXPECT_THAT(dir.listing(), ElementsAre("result.json"));
  EXPECT_EQ(file_contents(path), "previous");
}

TEST(Termination, ASecondSignalDuringTrainingEndsAtOnceAndRemovesTheUnfinishedFile) {
  TempDir dir;
  const std::string path = dir.write("last.ckpt", "previous");
  EXPECT_EQ(signal_ending([&] {
              InterruptGuard guard;
              std::raise(SIGINT);  // the first: a request to stop at the next safe point
              write_interrupted_by(path, SIGINT);
            }),
            SIGINT);
  EXPECT_THAT(dir.listing(), ElementsAre("last.ckpt"));
  EXPECT_EQ(file_contents(path), "previous");
}

TEST(Termination, AFirstSignalDuringTrainingLetsTheWriteFinish) {
  TempDir dir;
  const std::string path = dir.write("last.ckpt", "previous");
  EXPECT_EQ(signal_ending([&] {
              InterruptGuard guard;
              write_interrupted_by(path, SIGINT);
            }),
            0);
  EXPECT_THAT(dir.listing(), ElementsAre("last.ckpt"));
  EXPECT_EQ(file_contents(path), "half of the new content");
}

TEST(Termination, AStopRequestEndsWithItsGuardButItsSignalIsStillKnown) {
  {
    InterruptGuard guard;
    std::raise(SIGTERM);
    EXPECT_TRUE(InterruptGuard::requested());
  }
  // The next job of this process (a comparison's next run, the next test)
  // must not stop at its first step.
  EXPECT_FALSE(InterruptGuard::requested());
  EXPECT_EQ(InterruptGuard::signal_number(), SIGTERM) << "for the exit status 128 + signal";
  InterruptGuard next;
  EXPECT_FALSE(InterruptGuard::requested());
}

}  // namespace
}  // namespace sigvit
