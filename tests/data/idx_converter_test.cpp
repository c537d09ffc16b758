#include <zlib.h>

#include "data/convert/converter_registry.h"
#include "data/convert/idx_converter.h"
#include "data/format/dataset_reader.h"
#include "data/format/dataset_writer.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::TempDir;
using ::testing::ElementsAre;
using ::testing::FloatEq;
using ::testing::HasSubstr;

// The bytes of an unsigned-byte IDX file.
std::string idx_bytes(const std::vector<int>& dims, const std::vector<uint8_t>& values) {
  std::string bytes{'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (int extent : dims)
    for (int shift : {24, 16, 8, 0}) bytes += static_cast<char>((extent >> shift) & 0xff);
  bytes.append(values.begin(), values.end());
  return bytes;
}

std::string write_gz(const std::string& path, const std::string& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
  return path;
}

// Train: two 2x3 images; test: one. Train files gzipped, test files plain.
std::vector<std::string> write_tiny_idx(const TempDir& dir) {
  return {write_gz(dir.file("train-images-idx3-ubyte.gz"), idx_bytes({2, 2, 3}, {0, 51, 102, 153, 204, 255,
                                                                                  255, 0, 0, 0, 0, 1})),
          write_gz(dir.file("train-labels-idx1-ubyte.gz"), idx_bytes({2}, {2, 0})),
          dir.write("t10k-images-idx3-ubyte", idx_bytes({1, 2, 3}, {10, 20, 30, 40, 50, 60})),
          dir.write("t10k-labels-idx1-ubyte", idx_bytes({1}, {1}))};
}

TEST(IdxConverter, RoundTripsGzippedAndPlainFilesAsScaledBytes) {
  TempDir dir;
  IdxOptions options;
  options.class_names = {"cat", "dog", "bird"};
  const std::string out = dir.file("out.h5");
  write_dataset(out, convert_idx(write_tiny_idx(dir), options));
  const DatasetReader reader(out);
  EXPECT_EQ(reader.info().kind, DatasetKind::image2d);
  EXPECT_THAT(reader.info().class_names, ElementsAre("cat", "dog", "bird"));
  EXPECT_EQ(reader.split("train").encoding.type, StorageType::uint8);
  EXPECT_DOUBLE_EQ(reader.split("train").encoding.scale, 1.0 / 255.0);
  const CaseBlock train = reader.read_split("train");
  EXPECT_THAT(train.shape, ElementsAre(2, 1, 2, 3));
  EXPECT_THAT(train.labels, ElementsAre(2, 0));
  EXPECT_THAT(std::vector<float>(train.values.begin(), train.values.begin() + 6),
              ElementsAre(0, FloatEq(0.2f), FloatEq(0.4f), FloatEq(0.6f), FloatEq(0.8f), FloatEq(1)));
  const CaseBlock test = reader.read_split("test");
  EXPECT_THAT(test.labels, ElementsAre(1));
  EXPECT_THAT(test.values[5], FloatEq(60.0f / 255.0f));
}

TEST(IdxConverter, FindsStandardNamesInAFolderAndStoresFloat32OnRequest) {
  TempDir dir;
  write_tiny_idx(dir);
  IdxOptions options;
  options.storage = StorageType::float32;
  const DatasetContent content = convert_idx({dir.file("")}, options);
  EXPECT_THAT(content.info.class_names, ElementsAre("0", "1", "2"));
  EXPECT_EQ(content.splits[1].encoding.type, StorageType::float32);
  EXPECT_THAT(content.splits[1].float32_values[1], FloatEq(20.0f / 255.0f));
  EXPECT_THAT(idx_preset("fashion-mnist").class_names,
              ElementsAre("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                          "Ankle boot"));
}

TEST(IdxConverter, APresetThroughTheRegistryBringsClassNamesAndCredits) {
  TempDir dir;
  const ConverterSpec& idx = builtin_converters().find("idx");
  const DatasetContent content =
      idx.convert(write_tiny_idx(dir), builtin_converters().arguments("idx", {{"preset", "fashion-mnist"}}));
  EXPECT_EQ(content.info.class_names.size(), 10u);
  EXPECT_EQ(content.info.class_names[9], "Ankle boot");
  EXPECT_EQ(content.info.source, "Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017)");
  EXPECT_EQ(content.info.license, "MIT");
  EXPECT_THAT(error_of([&] {
                idx.convert(write_tiny_idx(dir),
                            builtin_converters().arguments("idx", {{"preset", "mnist"}, {"class-names", "a,b,c"}}));
              }),
              HasSubstr("give --preset or --class-names, not both"));
}

TEST(IdxConverter, RejectsMalformedFilesNamingTheFile) {
  TempDir dir;
  auto inputs = write_tiny_idx(dir);
  auto error_with = [&](size_t which, const std::string& bytes, const IdxOptions& options = {}) {
    auto files = inputs;
    files[which] = dir.write("bad-" + std::to_string(which), bytes);
    return error_of([&] { convert_idx(files, options); });
  };
  EXPECT_THAT(error_with(0, "\x12\x34\x56\x78"), HasSubstr("bad-0: magic number 0x12345678, expected an IDX file"));
  std::string wrong_type = idx_bytes({1}, {1});
  wrong_type[2] = '\x0d';
  EXPECT_THAT(error_with(3, wrong_type), HasSubstr("bad-3: IDX element type 0x0d, expected 0x08 (unsigned byte)"));
  EXPECT_THAT(error_with(2, idx_bytes({1, 2, 3}, {1, 2})),
              HasSubstr("bad-2: truncated: 2 bytes of data, expected 6 for shape [1, 2, 3]"));
  EXPECT_THAT(error_with(3, idx_bytes({2}, {1, 1})),
              HasSubstr("bad-3: 2 labels, expected 1 (the images in "));
  EXPECT_THAT(error_with(2, idx_bytes({1, 6}, {1, 2, 3, 4, 5, 6})),
              HasSubstr("bad-2: shape [1, 6], expected images [N, H, W]"));
  IdxOptions two_classes;
  two_classes.class_names = {"cat", "dog"};
  EXPECT_THAT(error_with(1, idx_bytes({2}, {1, 2}), two_classes),
              HasSubstr("bad-1: label 2 of item 1, expected 0..1 (one per class name)"));
}

}  // namespace
}  // namespace sigvit
