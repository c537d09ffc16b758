#include "data/convert/csv_converter.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data_test_support.h"

#include <set>

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CsvConverter, SplitsRowsIntoChannelsAroundANamedLabelColumn) {
  TempDir dir;
  const std::string train = dir.write("train.csv", "a0,a1,kind,b0,b1\n1,2,up,3,4\n\n5,6,down,7,8\n");
  const std::string test = dir.write("test.csv", "a0,a1,kind,b0,b1\r\n-1,-2,up,-3,-4\r\n");
  CsvOptions options;
  options.label_column = "kind";
  options.channels = 2;
  const std::string out = dir.file("out.h5");
  write_dataset(out, convert_csv({train, test}, options));
  const DatasetReader reader(out);
  EXPECT_THAT(reader.info().class_names, ElementsAre("down", "up"));
  const CaseBlock block = reader.read_split("train");
  EXPECT_THAT(block.shape, ElementsAre(2, 2, 2));
  EXPECT_THAT(block.values, ElementsAre(1, 2, 3, 4, 5, 6, 7, 8));
  EXPECT_THAT(block.labels, ElementsAre(1, 0));
  EXPECT_THAT(reader.read_split("test").values, ElementsAre(-1, -2, -3, -4));
}

TEST(CsvConverter, SplitsOneFileByASeededFraction) {
  TempDir dir;
  const std::string all = dir.write("all.csv", "label,v\na,1\nb,2\na,3\nb,4\na,5\n");
  CsvOptions options;
  options.assembly.test_fraction = 0.4;
  const DatasetContent content = convert_csv({all}, options);
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_EQ(content.splits[0].num_cases(), 3);
  EXPECT_EQ(content.splits[1].num_cases(), 2);
  // Per class: round(0.4 * 3) = 1 of a, round(0.4 * 2) = 1 of b.
  EXPECT_THAT(content.splits[1].labels, ::testing::UnorderedElementsAre(0, 1));
  EXPECT_EQ(convert_csv({all}, options).splits[1].float32_values, content.splits[1].float32_values);
}

struct BadCsv {
  std::string text;
  std::string message;
};

// Names a case by the message it expects, in test listings and failures.
void PrintTo(const BadCsv& bad, std::ostream* out) { *out << '"' << bad.message << '"'; }

class CsvConverterRejects : public ::testing::TestWithParam<BadCsv> {};

TEST_P(CsvConverterRejects, WithFileLineAndExpectation) {
  TempDir dir;
  const std::string train = dir.write("train.csv", GetParam().text);
  const std::string test = dir.write("test.csv", "label,x,y\na,1,2\n");
  CsvOptions options;
  options.assembly.class_names = {"a", "b"};
  EXPECT_THAT(error_of([&] { convert_csv({train, test}, options); }), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, CsvConverterRejects,
    ::testing::Values(BadCsv{"label,x,y\na,1,2\nb,3\n", "train.csv:3: 2 fields, expected 3 as in the header"},
                      BadCsv{"label,x,y\na,1,two\n", "train.csv:2: column 'y': 'two' is not a number"},
                      BadCsv{"label,x,y\na,?,2\n",
                             "train.csv:2: column 'x': missing value '?', expected a number (--missing interpolate"},
                      BadCsv{"label,x,y\nc,1,2\n", "train.csv:2: label 'c' is not one of --class-names (a, b)"},
                      BadCsv{"kind,a,b\na,1,2\n",
                             "train.csv:1: no label column (label, class, target or y) in the header (columns: kind, a, "
                             "b); name it with --label-column"},
                      BadCsv{"label,x,y\na,\"1,2\n", "train.csv:2: a quoted field is not closed on its line"},
                      BadCsv{"label,x,y\na,,\n", "train.csv:2: every value is missing"},
                      BadCsv{"label,x,y\n", "train.csv: no rows after the header"}));

TEST(CsvConverter, RejectsValuesThatDoNotSplitIntoChannels) {
  TempDir dir;
  CsvOptions options;
  options.channels = 2;
  const std::string path = dir.write("odd.csv", "label,x,y,z\na,1,2,3\n");
  EXPECT_THAT(error_of([&] { convert_csv({path, path}, options); }),
              HasSubstr("odd.csv:1: 3 value columns, expected a positive multiple of --channels 2"));
}

TEST(CsvConverter, LeavesOutTheIndexPandasWritesAndReadsItsQuotedLabelsAndNaNPadding) {
  TempDir dir;
  // What DataFrame.to_csv() writes: the index first under an empty name,
  // quoted strings where they hold the delimiter, NaN as an empty field.
  const std::string train = dir.write("train.csv", ",label,t0,t1,t2\n0,\"walk, slow\",1.5,2.5,3.5\n1,run,4,5,\n");
  const std::string test = dir.write("test.csv", ",label,t0,t1,t2\n0,run,7,8,9\n");
  const DatasetContent content = convert_csv({train, test}, CsvOptions{});
  EXPECT_THAT(content.info.class_names, ElementsAre("run", "walk, slow"));
  const SplitData& split = content.splits[0];
  EXPECT_THAT(split.case_shape, ElementsAre(1, 3));
  EXPECT_THAT(split.float32_values, ElementsAre(1.5, 2.5, 3.5, 4, 5, 0));
  EXPECT_THAT(split.lengths, ElementsAre(3, 2));
  EXPECT_THAT(content.notes, ::testing::Contains(HasSubstr("is an index (as pandas' to_csv writes it)")));

  CsvOptions keep;
  keep.index_column = "none";
  EXPECT_THAT(convert_csv({train, test}, keep).splits[0].case_shape, ElementsAre(1, 4));
}

TEST(CsvConverter, DetectsSemicolonsAndTabsAndFillsMissingValuesOnRequest) {
  TempDir dir;
  const std::string train = dir.write("train.csv", "target;a;b;c\nx;1;NaN;3\ny;4;5;6\n");
  const std::string test = dir.write("test.csv", "target\ta\tb\tc\nx\t0\tNA\t0\n");
  EXPECT_THAT(error_of([&] { convert_csv({train, test}, CsvOptions{}); }),
              HasSubstr("train.csv:2: column 'b': missing value 'NaN'"));
  CsvOptions options;
  options.missing = MissingPolicy::interpolate;
  const DatasetContent content = convert_csv({train, test}, options);
  EXPECT_THAT(content.splits[0].float32_values, ElementsAre(1, 2, 3, 4, 5, 6));
  EXPECT_THAT(content.splits[1].float32_values, ElementsAre(0, 0, 0));
  EXPECT_THAT(content.notes, ::testing::Contains(HasSubstr("fields separated by ';' (detected)")));
  EXPECT_THAT(content.notes, ::testing::Contains(HasSubstr("fields separated by tab (detected)")));
}

TEST(CsvConverter, ReadsTheLongLayoutOrderedByTimeWithOneCasePerId) {
  TempDir dir;
  const std::string train = dir.write("train.csv",
                                      "id,t,label,ax,ay\n"
                                      "p1,1,sit,10,20\n"
                                      "p2,0,walk,5,6\n"
                                      "p1,0,sit,11,21\n"
                                      "p2,1,walk,7,8\n"
                                      "p2,2,walk,9,10\n");
  const std::string test = dir.write("test.csv", "id,t,label,ax,ay\nq,0,sit,1,2\nq,1,sit,3,4\n");
  CsvOptions options;
  options.layout = CsvLayout::long_format;
  options.case_column = "id";
  options.time_column = "t";
  const DatasetContent content = convert_csv({train, test}, options);
  const SplitData& split = content.splits[0];
  EXPECT_THAT(split.case_shape, ElementsAre(2, 3));
  // p1 sorted by t, padded to p2's three steps; channels ax then ay.
  EXPECT_THAT(split.float32_values, ElementsAre(11, 10, 0, 21, 20, 0, 5, 7, 9, 6, 8, 10));
  EXPECT_THAT(split.lengths, ElementsAre(2, 3));
  EXPECT_THAT(split.labels, ElementsAre(0, 1));
}

TEST(CsvConverter, CutsStreamsWithALabelColumnIntoMajorityLabelledWindowsWhoseRecordingsStayOnOneSide) {
  TempDir dir;
  std::string text = "subject,label,v\n";
  for (int subject = 0; subject < 4; ++subject)
    for (int i = 0; i < 20; ++i)
      text += "s" + std::to_string(subject) + "," + (i < 10 ? "rest" : "move") + "," + std::to_string(i) + "\n";
  const std::string streams = dir.write("streams.csv", text);
  CsvOptions options;
  options.layout = CsvLayout::long_format;
  options.case_column = "subject";
  EXPECT_THAT(error_of([&] { convert_csv({streams}, options); }), HasSubstr("give --window N"));
  options.assembly.window = {8, 4};
  options.assembly.test_fraction = 0.5;
  const DatasetContent content = convert_csv({streams}, options);
  ASSERT_EQ(content.splits.size(), 2u);
  // Windows start at 0, 4, 8, 12 in each 20-sample stream: 4 per subject.
  EXPECT_EQ(content.splits[0].num_cases() + content.splits[1].num_cases(), 16);
  EXPECT_THAT(content.notes, ::testing::Contains(HasSubstr("windows spanned several labels")));
  // The window [4, 12) has 6 rest samples of 8: rest; [8, 16) has 6 move: move.
  std::set<int64_t> train_groups(content.splits[0].groups.begin(), content.splits[0].groups.end());
  for (int64_t group : content.splits[1].groups) EXPECT_EQ(train_groups.count(group), 0u) << group;
  EXPECT_EQ(train_groups.size(), 2u);

  const std::string one = dir.write("one.csv", "label,v\na,1\na,2\nb,3\nb,4\n");
  CsvOptions single;
  single.layout = CsvLayout::long_format;
  single.assembly.window = {2, 0};
  single.assembly.test_fraction = 0.5;
  EXPECT_THAT(error_of([&] { convert_csv({one}, single); }), HasSubstr("1 recording"));
}

}  // namespace
}  // namespace sigvit

namespace sigvit {
namespace {

// Written by pandas itself (Debian's python3-pandas): what users' to_csv gives.
TEST(CsvConverter, ReadsWhatPandasToCsvWritesIndexNaNAndSemicolonsIncluded) {
  data_testing::TempDir dir;
  ASSERT_TRUE(data_testing::run_python(dir,
                                       "import numpy as np, pandas as pd\n"
                                       "frame = pd.DataFrame({'label': ['ok', 'fault; severe', 'ok'],\n"
                                       "                      'v0': [1.5, 2.0, 3.0], 'v1': [4.0, np.nan, 6.0],\n"
                                       "                      'v2': [7.0, np.nan, np.nan]})\n"
                                       "frame.to_csv('train.csv', sep=';')\n"
                                       "frame.to_csv('test.csv', sep=';')\n"));
  const DatasetContent content = convert_csv({dir.file("train.csv"), dir.file("test.csv")}, CsvOptions{});
  EXPECT_THAT(content.info.class_names, ::testing::ElementsAre("fault; severe", "ok"));
  const SplitData& train = content.splits[0];
  EXPECT_THAT(train.case_shape, ::testing::ElementsAre(1, 3));
  EXPECT_THAT(train.lengths, ::testing::ElementsAre(3, 1, 2));
  EXPECT_THAT(train.float32_values, ::testing::ElementsAre(1.5, 4, 7, 2, 0, 0, 3, 6, 0));
  EXPECT_THAT(train.labels, ::testing::ElementsAre(1, 0, 1));
}

}  // namespace
}  // namespace sigvit
