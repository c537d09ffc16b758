#include "data/convert/ucr_converter.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

DatasetReader convert_and_read(const TempDir& dir, const std::vector<std::string>& inputs,
                               const UcrOptions& options = {}) {
  const std::string out = dir.file("out.h5");
  write_dataset(out, convert_ucr(inputs, options));
  return DatasetReader(out);
}

// Unequal-length multivariate, string labels, missing values, comments and
// no @seriesLength.
const char* const multivariate_train =
    "# Toy problem\n"
    "@problemName Toy\n"
    "@classLabel true walk run\n"
    "@univariate false\n"
    "@dimensions 2\n"
    "\n"
    "# headers come in any order\n"
    "@equalLength false\n"
    "@data\n"
    "1,2,3:10,20,30:run\n"
    "4,?,6,7:40,41,NaN,43 : walk\n";
const char* const multivariate_test =
    "@dimensions 2\n"
    "@classLabel true walk run\n"
    "@data\n"
    "?,6:7,?:walk\n";

TEST(UcrConverter, PadsUnequalMultivariateSeriesAndInterpolatesMissingValues) {
  TempDir dir;
  const auto reader = convert_and_read(
      dir, {dir.write("Toy_TRAIN.ts", multivariate_train), dir.write("Toy_TEST.ts", multivariate_test)});
  EXPECT_EQ(reader.info().kind, DatasetKind::signal1d);
  EXPECT_THAT(reader.info().class_names, ElementsAre("walk", "run"));
  EXPECT_THAT(reader.info().source, HasSubstr("Toy"));
  const CaseBlock train = reader.read_split("train");
  EXPECT_THAT(train.shape, ElementsAre(2, 2, 4));
  EXPECT_THAT(train.values, ElementsAre(1, 2, 3, 0, 10, 20, 30, 0, 4, 5, 6, 7, 40, 41, 42, 43));
  EXPECT_THAT(train.labels, ElementsAre(1, 0));
  EXPECT_THAT(train.lengths, ElementsAre(3, 4));
  const CaseBlock test = reader.read_split("test");
  // Missing edge values take the nearest known value.
  EXPECT_THAT(test.values, ElementsAre(6, 6, 0, 0, 7, 7, 0, 0));
  EXPECT_THAT(test.lengths, ElementsAre(2));
}

TEST(UcrConverter, ReplacesMissingValuesWithZeroOnRequest) {
  TempDir dir;
  const auto reader = convert_and_read(
      dir, {dir.write("Toy_TRAIN.ts", multivariate_train), dir.write("Toy_TEST.ts", multivariate_test)},
      {MissingPolicy::zero});
  EXPECT_THAT(reader.read_split("test").values, ElementsAre(0, 6, 0, 0, 7, 0, 0, 0));
}

TEST(UcrConverter, SortsUndeclaredLabelsNaturallyAndFindsFilesInAFolder) {
  TempDir dir;
  dir.write("Plain/Plain_TRAIN.ts", "1,2:10\n3,4:2\n5,6:1\n");
  dir.write("Plain/Plain_TEST.ts", "7,8:2\n");
  const auto reader = convert_and_read(dir, {dir.file("Plain")});
  EXPECT_THAT(reader.info().class_names, ElementsAre("1", "2", "10"));
  EXPECT_THAT(reader.read_split("train").labels, ElementsAre(2, 1, 0));
  EXPECT_THAT(reader.read_split("test").values, ElementsAre(7, 8));
  EXPECT_FALSE(reader.split("train").has_lengths);
}

TEST(UcrConverter, ReadsUcr2018TsvDroppingTrailingNanPadding) {
  TempDir dir;
  const auto reader = convert_and_read(dir, {dir.write("T_TRAIN.tsv", "2\t1.5\t2\tNaN\n10\t3\t4\t5\n"),
                                             dir.write("T_TEST.tsv", "10\t-1\tNaN\t1\n")});
  EXPECT_THAT(reader.info().class_names, ElementsAre("2", "10"));
  const CaseBlock train = reader.read_split("train");
  EXPECT_THAT(train.values, ElementsAre(1.5f, 2, 0, 3, 4, 5));
  EXPECT_THAT(train.lengths, ElementsAre(2, 3));
  EXPECT_THAT(reader.read_split("test").values, ElementsAre(-1, 0, 1));
}

struct BadTs {
  std::string train;
  std::string message;
};

// Names a case by the message it expects, in test listings and failures.
void PrintTo(const BadTs& bad, std::ostream* out) { *out << '"' << bad.message << '"'; }

class UcrConverterRejects : public ::testing::TestWithParam<BadTs> {};

TEST_P(UcrConverterRejects, WithFileLineAndExpectation) {
  TempDir dir;
  const std::string train = dir.write("X_TRAIN.ts", GetParam().train);
  const std::string test = dir.write("X_TEST.ts", "1,2,3:a\n");
  EXPECT_THAT(error_of([&] { convert_ucr({train, test}, {}); }), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, UcrConverterRejects,
    ::testing::Values(
        BadTs{"@equalLength true\n@seriesLength 3\n@data\n1,2,3:a\n1,2:a\n",
              "X_TRAIN.ts:5: series of length 2, expected 3 (@seriesLength)"},
        BadTs{"@equalLength true\n1,2,3:a\n1,2:a\n", "X_TRAIN.ts:3: series of length 2, expected 3 (@equalLength true)"},
        BadTs{"1,abc:a\n", "X_TRAIN.ts:1: channel 0, value 1: 'abc' is not a number"},
        BadTs{"@classLabel true a b\n@data\n1,2:c\n", "X_TRAIN.ts:3: label 'c' not declared in @classLabel (a b)"},
        BadTs{"1,2:3,4:a\n1,2:a\n", "X_TRAIN.ts:2: 1 channels, expected 2 as on "},
        BadTs{"@dimensions 3\n1,2:3,4:a\n", "X_TRAIN.ts:2: 2 channels, expected 3 (@dimensions)"},
        BadTs{"1,2:3:a\n", "X_TRAIN.ts:1: channel 1 has 1 values, channel 0 has 2"},
        BadTs{"?,NaN:a\n", "X_TRAIN.ts:1: channel 0: every value is missing"},
        BadTs{"1,2:a\n@classLabel true a\n", "X_TRAIN.ts:2: header line after the data"},
        BadTs{"@clasLabel true a\n", "X_TRAIN.ts:1: unknown header '@clasLabel'"},
        BadTs{"@classLabel false\n", "X_TRAIN.ts:1: regression problems are not supported"},
        BadTs{"1,2,3\n", "X_TRAIN.ts:1: expected channels and a class label separated by ':'"},
        BadTs{"# only a comment\n", "X_TRAIN.ts: no cases"}));

TEST(UcrConverter, RejectsATestFileDeclaringOtherClasses) {
  TempDir dir;
  const std::string train = dir.write("X_TRAIN.ts", "@classLabel true a b\n1:a\n");
  const std::string test = dir.write("X_TEST.ts", "@classLabel true b a\n1:a\n");
  EXPECT_THAT(error_of([&] { convert_ucr({train, test}, {}); }),
              HasSubstr("X_TEST.ts: @classLabel (b a) differs from "));
}

}  // namespace
}  // namespace sigvit
