// Replays every input a fuzzer once failed on (fuzz/regressions/TARGET/) and
// the seed corpora (fuzz/corpus/TARGET/) through the fuzz targets' parsers on
// the normal build: each must parse or end in a sigvit::Error.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz_parsers.h"

namespace sigvit::fuzzing {
namespace {

namespace fs = std::filesystem;

// Runs every file under SIGVIT_FUZZ_DIR/folder/TARGET through TARGET's parser.
int replay(const std::string& folder) {
  int replayed = 0;
  for (const FuzzTarget& target : fuzz_targets()) {
    const fs::path inputs = fs::path(SIGVIT_FUZZ_DIR) / folder / target.name;
    if (!fs::is_directory(inputs)) continue;
    for (const auto& entry : fs::directory_iterator(inputs)) {
      std::ifstream file(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      SCOPED_TRACE(entry.path().string());
      EXPECT_NO_THROW(target.parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
      ++replayed;
    }
  }
  return replayed;
}

TEST(FuzzRegressions, EveryInputThatOnceFailedIsNowRejectedCleanly) { EXPECT_GE(replay("regressions"), 5); }

TEST(FuzzRegressions, TheSeedCorporaParseOrAreRejectedCleanly) { EXPECT_GE(replay("corpus"), 10); }

}  // namespace
}  // namespace sigvit::fuzzing
