#include <H5Cpp.h>

#include <cmath>
#include <limits>

#include "data/format/dataset_reader.h"
#include "data/format/dataset_validator.h"
#include "data/format/dataset_writer.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::small_signal_content;
using data_testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Replaces GROUP/NAME of a written file with a 1-D dataset of `type`.
void replace_vector(const std::string& path, const std::string& group, const std::string& name,
                    const H5::PredType& type, const std::vector<int64_t>& values) {
  H5::H5File file(path, H5F_ACC_RDWR);
  H5::Group parent = file.openGroup(group);
  if (parent.nameExists(name)) parent.unlink(name);
  const hsize_t count = values.size();
  parent.createDataSet(name, type, H5::DataSpace(1, &count)).write(values.data(), H5::PredType::NATIVE_INT64);
}

void overwrite_x(const std::string& path, const std::string& split, size_t index, float value) {
  H5::H5File file(path, H5F_ACC_RDWR);
  H5::DataSet x = file.openDataSet(split + "/x");
  std::vector<float> values(static_cast<size_t>(x.getSpace().getSimpleExtentNpoints()));
  x.read(values.data(), H5::PredType::NATIVE_FLOAT);
  values[index] = value;
  x.write(values.data(), H5::PredType::NATIVE_FLOAT);
}

TEST(DatasetReader, RoundTripsSignalsAttributesAndLengths) {
  TempDir dir;
  const std::string path = dir.file("small.h5");
  write_dataset(path, small_signal_content());
  const DatasetReader reader(path);
  EXPECT_EQ(reader.info().kind, DatasetKind::signal1d);
  EXPECT_THAT(reader.info().class_names, ElementsAre("low", "high"));
  EXPECT_EQ(reader.info().sample_rate, 100.0);
  EXPECT_EQ(reader.info().source, "unit test");
  EXPECT_EQ(reader.info().license, "CC0");
  ASSERT_EQ(reader.splits().size(), 2u);
  EXPECT_EQ(reader.splits()[0].name, "train");
  EXPECT_TRUE(reader.split("train").has_lengths);
  EXPECT_FALSE(reader.split("test").has_lengths);

  const CaseBlock train = reader.read_split("train");
  EXPECT_THAT(train.shape, ElementsAre(3, 2, 4));
  EXPECT_EQ(train.values, small_signal_content().splits[0].float32_values);
  EXPECT_THAT(train.labels, ElementsAre(0, 1, 1));
  EXPECT_THAT(train.lengths, ElementsAre(4, 2, 3));
  // Without /test/length every case fills L.
  EXPECT_THAT(reader.read_split("test").lengths, ElementsAre(4, 4));
}

TEST(DatasetWriter, StringsAreFixedLengthSoReadingThemNeverTouchesTheGlobalHeap) {
  TempDir dir;
  const std::string path = dir.file("small.h5");
  write_dataset(path, small_signal_content());
  H5::H5File file(path, H5F_ACC_RDONLY);
  for (const char* name : {"kind", "class_names", "source", "license"}) {
    EXPECT_FALSE(file.openAttribute(name).getStrType().isVariableStr()) << name;
  }
}

TEST(DatasetReader, ReadsARangeOfCasesAsOneHyperslab) {
  TempDir dir;
  const std::string path = dir.file("small.h5");
  write_dataset(path, small_signal_content());
  const CaseBlock block = DatasetReader(path).read_cases("train", 1, 2);
  EXPECT_THAT(block.shape, ElementsAre(2, 2, 4));
  ASSERT_EQ(block.values.size(), 16u);
  EXPECT_EQ(block.values.front(), 4.0f);  // value 8 of the split: 0.5 * 8
  EXPECT_EQ(block.values.back(), 11.5f);
  EXPECT_THAT(block.labels, ElementsAre(1, 1));
  EXPECT_THAT(block.lengths, ElementsAre(2, 3));
  EXPECT_THAT(error_of([&] { DatasetReader(path).read_cases("train", 2, 2); }),
              HasSubstr("small.h5: /train: cases [2, 4) requested, expected a range within [0, 3)"));
  EXPECT_THAT(error_of([&] { DatasetReader(path).read_cases("val", 0, 1); }),
              HasSubstr("small.h5: /val: no such split"));
}

TEST(DatasetReader, DecodesIntegersWithScaleAndOffsetAndChunksWholeCases) {
  TempDir dir;
  DatasetContent content;
  content.info.kind = DatasetKind::image2d;
  content.info.class_names = {"a", "b", "c"};
  for (const std::string name : {"train", "test"}) {
    SplitData split;
    split.name = name;
    split.case_shape = {1, 2, 3};
    encode_values(split, {-1, -0.5f, 0, 0.5f, 1, 26.5f}, {StorageType::uint8, 0.5, -1.0});
    split.labels = {2};
    content.splits.push_back(split);
  }
  EXPECT_THAT(content.splits[0].uint8_values, ElementsAre(0, 1, 2, 3, 4, 55));
  const std::string path = dir.file("image.h5");
  write_dataset(path, content);
  const DatasetReader reader(path);
  EXPECT_EQ(reader.split("test").encoding.type, StorageType::uint8);
  const CaseBlock block = reader.read_split("test");
  EXPECT_THAT(block.shape, ElementsAre(1, 1, 2, 3));
  EXPECT_THAT(block.values, ElementsAre(-1, -0.5f, 0, 0.5f, 1, 26.5f));
  EXPECT_TRUE(block.lengths.empty());

  H5::H5File file(path, H5F_ACC_RDONLY);
  hsize_t chunk[4] = {};
  ASSERT_EQ(file.openDataSet("train/x").getCreatePlist().getChunk(4, chunk), 4);
  EXPECT_THAT(chunk, ElementsAre(1, 1, 2, 3));
}

TEST(DatasetReader, QuantizesToInt16ByRoundingAndClamping) {
  SplitData split;
  encode_values(split, {0.5f, -0.25f, 2.0f, 0.00002f}, {StorageType::int16, 1.0 / 32768, 0.0});
  EXPECT_THAT(split.int16_values, ElementsAre(16384, -8192, 32767, 1));
  EXPECT_TRUE(split.float32_values.empty());
}

TEST(DatasetValidator, NamesFilePathAndExpectationForStructuralFaults) {
  TempDir dir;
  const std::string path = dir.file("bad.h5");
  write_dataset(path, small_signal_content());
  replace_vector(path, "train", "y", H5::PredType::STD_I32LE, {0, 1, 1});
  EXPECT_THAT(error_of([&] { DatasetReader{path}; }), HasSubstr("bad.h5: /train/y: dtype int32, expected int64"));

  write_dataset(path, small_signal_content());
  replace_vector(path, "test", "y", H5::PredType::STD_I64LE, {1});
  EXPECT_THAT(error_of([&] { DatasetReader{path}; }),
              HasSubstr("bad.h5: /test/y: shape [1], expected [2] (one per case of x)"));

  write_dataset(path, small_signal_content());
  H5::H5File(path, H5F_ACC_RDWR).unlink("test");
  EXPECT_THAT(error_of([&] { DatasetReader{path}; }), HasSubstr("bad.h5: /test: missing, expected a split group"));

  write_dataset(path, small_signal_content());
  H5::H5File(path, H5F_ACC_RDWR).removeAttr("class_names");
  EXPECT_THAT(error_of([&] { DatasetReader{path}; }), HasSubstr("bad.h5: /: missing attribute 'class_names'"));

  EXPECT_THAT(error_of([&] { DatasetReader{dir.write("text.h5", "not hdf5")}; }),
              HasSubstr("text.h5: not a readable HDF5 file"));
  EXPECT_THAT(error_of([&] { DatasetReader{dir.file("absent.h5")}; }), HasSubstr("absent.h5: no such file"));

  // Created, never written: its values would be invented fill values.
  write_dataset(path, small_signal_content());
  {
    H5::H5File file(path, H5F_ACC_RDWR);
    H5::Group train = file.openGroup("train");
    train.unlink("y");
    const hsize_t count = 3;
    train.createDataSet("y", H5::PredType::STD_I64LE, H5::DataSpace(1, &count));
  }
  EXPECT_THAT(error_of([&] { DatasetReader{path}; }),
              HasSubstr("bad.h5: /train/y: its shape needs 24 bytes but 0 are stored; the file is damaged"));
}

TEST(DatasetValidator, ReportsBadValuesWithSplitAndCaseIndex) {
  TempDir dir;
  const std::string path = dir.file("bad.h5");
  write_dataset(path, small_signal_content());
  overwrite_x(path, "train", 2 * 8 + 5, std::numeric_limits<float>::quiet_NaN());
  EXPECT_THAT(error_of([&] { validate_dataset(path); }),
              HasSubstr("bad.h5: /train/x: case 2 of split train holds NaN at value 5, expected finite values"));

  write_dataset(path, small_signal_content());
  overwrite_x(path, "test", 0, std::numeric_limits<float>::infinity());
  EXPECT_THAT(error_of([&] { validate_dataset(path); }), HasSubstr("/test/x: case 0 of split test holds Inf"));

  write_dataset(path, small_signal_content());
  replace_vector(path, "train", "y", H5::PredType::STD_I64LE, {0, 5, 1});
  EXPECT_THAT(error_of([&] { validate_dataset(path); }),
              HasSubstr("bad.h5: /train/y: case 1 has label 5, expected 0..1 (an index into the 2 class_names)"));

  write_dataset(path, small_signal_content());
  replace_vector(path, "train", "length", H5::PredType::STD_I64LE, {4, 0, 9});
  EXPECT_THAT(error_of([&] { validate_dataset(path); }),
              HasSubstr("bad.h5: /train/length: case 1 has length 0, expected 1..4"));

  write_dataset(path, small_signal_content());
  EXPECT_EQ(error_of([&] { validate_dataset(path); }), "");
}

}  // namespace
}  // namespace sigvit
