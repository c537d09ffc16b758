// Checkpoints' pickles are checked before LibTorch's unpickler, which
// allocates whatever a length field says.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "checkpoint/pickle_check.h"

namespace sigvit {
namespace {

using ::testing::HasSubstr;

std::optional<std::string> check(const std::string& pickle) {
  return oversized_pickle_field(reinterpret_cast<const uint8_t*>(pickle.data()), pickle.size());
}

TEST(PickleCheck, AWellFormedPickleHasNoProblem) {
  // PROTO 2, BINUNICODE "abc", BINPUT 0, BININT1 7, TUPLE2, STOP.
  EXPECT_EQ(check(std::string("\x80\x02X\x03\x00\x00\x00" "abcq\x00K\x07\x86.", 15)), std::nullopt);
  // GLOBAL with its two lines.
  EXPECT_EQ(check("ctorch._utils\n_rebuild_tensor_v2\n."), std::nullopt);
}

TEST(PickleCheck, ALengthBeyondTheEndIsNamed) {
  const auto problem = check(std::string("\x80\x02X\xee\xff\xff\xff" "abc.", 11));
  ASSERT_TRUE(problem);
  EXPECT_THAT(*problem, HasSubstr("opcode 0x58 at byte 2: a field of 4294967278 bytes with 4 left"));
}

TEST(PickleCheck, AMemoIndexNoPickleOfThisSizeReachesIsNamed) {
  const auto problem = check(std::string("Nr\xff\xff\xff\x7f.", 7));
  ASSERT_TRUE(problem);
  EXPECT_THAT(*problem, HasSubstr("memo index 2147483647 in a pickle of 7 bytes"));
}

TEST(PickleCheck, TruncatedArgumentsAndUnendedLinesAreNamed) {
  EXPECT_THAT(check(std::string("J\x01\x02", 3)).value_or(""), HasSubstr("truncated"));
  EXPECT_THAT(check("ctorch._utils\n_rebuild").value_or(""), HasSubstr("line without end"));
}

TEST(PickleCheck, AnUnknownOpcodeLeavesTheVerdictToTheUnpickler) {
  EXPECT_EQ(check(std::string("\xffX\xee\xff\xff\xff", 6)), std::nullopt);
}

}  // namespace
}  // namespace sigvit
