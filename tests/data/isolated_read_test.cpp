// Reading through a child process: what damaged input does to library code
// there never reaches the caller.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "../error_of.h"
#include "data/format/isolated_read.h"

namespace sigvit {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using sigvit::testing::error_of;

TEST(IsolatedRead, ReturnsWhatTheChildRead) {
  EXPECT_THAT(read_in_child([] { return std::vector<std::string>{"up", "", std::string(100000, 'x')}; }, "a"),
              ElementsAre("up", "", std::string(100000, 'x')));
}

TEST(IsolatedRead, ACrashHangOrErrorInTheChildIsAnErrorNamingTheThingRead) {
  // Under AddressSanitizer the crash is reported and ends the child with
  // status 1 instead of the signal.
  EXPECT_THAT(error_of([] {
                read_in_child([]() -> std::vector<std::string> { std::raise(SIGSEGV); return {}; }, "f.h5: 'kind'");
              }),
              ::testing::AnyOf(HasSubstr("f.h5: 'kind': reading it crashed (signal 11); the file is damaged"),
                               HasSubstr("f.h5: 'kind': reading it failed (status 1); the file is damaged")));
  EXPECT_THAT(error_of([] {
                read_in_child([]() -> std::vector<std::string> { pause(); return {}; }, "f.h5: 'kind'",
                              std::chrono::milliseconds(300));
              }),
              HasSubstr("f.h5: 'kind': reading it did not finish within 300 ms"));
  EXPECT_THAT(error_of([] {
                read_in_child([]() -> std::vector<std::string> { throw std::runtime_error("bad heap"); }, "f.h5");
              }),
              HasSubstr("f.h5: bad heap"));
}

}  // namespace
}  // namespace sigvit
