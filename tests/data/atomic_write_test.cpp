#include "data/convert/ucr_converter.h"
#include "data/format/dataset_writer.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::small_signal_content;
using data_testing::file_contents;
using data_testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(AtomicWrite, LeavesOnlyTheFinishedFile) {
  TempDir dir;
  write_dataset(dir.file("out.h5"), small_signal_content());
  EXPECT_THAT(dir.listing(), ElementsAre("out.h5"));
}

TEST(AtomicWrite, AFailureMidWriteLeavesNoOutputAndNoTemporaryFile) {
  TempDir dir;
  DatasetContent content = small_signal_content();
  content.splits[1].labels[1] = 7;  // the second split fails after the first was written
  EXPECT_THAT(error_of([&] { write_dataset(dir.file("out.h5"), content); }),
              HasSubstr("out.h5: split 'test': case 1 has label 7, expected 0..1"));
  EXPECT_TRUE(dir.listing().empty());
}

TEST(AtomicWrite, AFailureLeavesAnExistingOutputUntouched) {
  TempDir dir;
  const std::string out = dir.write("out.h5", "the previous data set");
  DatasetContent content = small_signal_content();
  content.splits[1].float32_values[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THAT(error_of([&] { write_dataset(out, content); }), HasSubstr("split 'test': case 0 holds a NaN or Inf"));
  EXPECT_EQ(file_contents(out), "the previous data set");
  EXPECT_THAT(dir.listing(), ElementsAre("out.h5"));
}

TEST(AtomicWrite, AFailingConversionWritesNothing) {
  TempDir dir;
  const std::string train = dir.write("X_TRAIN.ts", "@classLabel true a b\n@data\n1,2:a\n");
  const std::string test = dir.write("X_TEST.ts", "@classLabel true a b\n@data\n1,2:c\n");
  const std::string out = dir.file("out.h5");
  EXPECT_THAT(error_of([&] { write_dataset(out, convert_ucr({train, test}, {})); }),
              HasSubstr("X_TEST.ts:3: label 'c' not declared in @classLabel (a b)"));
  EXPECT_THAT(dir.listing(), ElementsAre("X_TEST.ts", "X_TRAIN.ts"));
}

}  // namespace
}  // namespace sigvit
