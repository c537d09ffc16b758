#include "data/convert/csv_converter.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data_test_support.h"

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
  options.test_fraction = 0.4;
  const DatasetContent content = convert_csv({all}, options);
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_EQ(content.splits[0].num_cases(), 3);
  EXPECT_EQ(content.splits[1].num_cases(), 2);
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
  options.class_names = {"a", "b"};
  EXPECT_THAT(error_of([&] { convert_csv({train, test}, options); }), HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, CsvConverterRejects,
    ::testing::Values(BadCsv{"label,x,y\na,1,2\nb,3\n", "train.csv:3: 2 fields, expected 3 as in the header"},
                      BadCsv{"label,x,y\na,1,two\n", "train.csv:2: column 'y': 'two' is not a number"},
                      BadCsv{"label,x,y\na,1,?\n", "train.csv:2: column 'y': missing value '?', expected a number"},
                      BadCsv{"label,x,y\nc,1,2\n", "train.csv:2: label 'c' is not one of --class-names (a, b)"},
                      BadCsv{"class,x,y\na,1,2\n", "train.csv:1: no column 'label' in the header (columns: class, x, y)"},
                      BadCsv{"label,x,y\n", "train.csv: no rows after the header"}));

TEST(CsvConverter, RejectsValuesThatDoNotSplitIntoChannels) {
  TempDir dir;
  CsvOptions options;
  options.channels = 2;
  const std::string path = dir.write("odd.csv", "label,x,y,z\na,1,2,3\n");
  EXPECT_THAT(error_of([&] { convert_csv({path, path}, options); }),
              HasSubstr("odd.csv:1: 3 value columns, expected a positive multiple of --channels 2"));
}

}  // namespace
}  // namespace sigvit
