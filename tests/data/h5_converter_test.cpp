#include "data/convert/converter_registry.h"
#include "data/convert/h5_converter.h"
#include "data_test_support.h"


namespace sigvit {
namespace {

using data_testing::error_of;
using data_testing::TempDir;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Writes an HDF5 file with h5py (Debian's python3-h5py), as users do.
std::string h5py_file(const TempDir& dir, const std::string& name, const std::string& body) {
  const std::string path = dir.file(name);
  if (!data_testing::run_python(dir, "import h5py, numpy as np\nwith h5py.File('" + path + "', 'w') as f:\n" + body))
    ADD_FAILURE() << "h5py could not write " << path;
  return path;
}

DatasetContent h5_convert(const std::vector<std::string>& inputs, const std::map<std::string, std::string>& given) {
  return builtin_converters().find("h5").convert(inputs, builtin_converters().arguments("h5", given));
}

TEST(H5Converter, CastsFloat64AndMapsStringLabelsOfAUsersOwnPaths) {
  TempDir dir;
  const std::string path = h5py_file(dir, "mine.h5",
                                     "    g = f.create_group('recordings')\n"
                                     "    g['signals'] = np.arange(24, dtype=np.float64).reshape(4, 2, 3)\n"
                                     "    g['kind'] = np.array(['walk', 'run', 'walk', 'run'], dtype=h5py.string_dtype())\n");
  const DatasetContent content =
      h5_convert({path}, {{"x", "recordings/signals"}, {"y", "recordings/kind"}, {"split-fraction", "0.5"}});
  EXPECT_THAT(content.info.class_names, ElementsAre("run", "walk"));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_THAT(content.splits[0].case_shape, ElementsAre(2, 3));
  EXPECT_EQ(content.splits[0].num_cases() + content.splits[1].num_cases(), 4);
  EXPECT_THAT(content.notes, Contains(HasSubstr("float64 values stored as float32")));
  // Each class gives one case to test.
  EXPECT_THAT(content.splits[1].labels, ::testing::UnorderedElementsAre(0, 1));
}

TEST(H5Converter, FindsTrainAndTestArraysByTheirUsualNames) {
  TempDir dir;
  const std::string path = h5py_file(dir, "tutorial.h5",
                                     "    f['X_train'] = np.ones((3, 5), dtype=np.float32)\n"
                                     "    f['y_train'] = np.array([0, 1, 2], dtype=np.int64)\n"
                                     "    f['X_test'] = np.zeros((2, 5), dtype=np.float32)\n"
                                     "    f['y_test'] = np.array([2.0, 0.0])\n");
  const DatasetContent content = h5_convert({path}, {});
  EXPECT_THAT(content.info.class_names, ElementsAre("0", "1", "2"));
  ASSERT_EQ(content.splits.size(), 2u);
  EXPECT_EQ(content.splits[0].name, "train");
  EXPECT_THAT(content.splits[1].labels, ElementsAre(2, 0));
  EXPECT_THAT(content.splits[0].case_shape, ElementsAre(1, 5));
}

TEST(H5Converter, ReadsChannelsLastImagesAndBooleanMasksAsLengths) {
  TempDir dir;
  const std::string images = h5py_file(dir, "images.h5",
                                       "    f['x'] = np.arange(2 * 2 * 3 * 3, dtype=np.uint8).reshape(2, 2, 3, 3)\n"
                                       "    f['y'] = np.array([b'cat', b'dog'])\n");
  const DatasetContent picture =
      h5_convert({images, images}, {{"channels-last", "true"}, {"kind", "image2d"}});
  EXPECT_THAT(picture.splits[0].case_shape, ElementsAre(3, 2, 3));
  // Case 0, channel 1 is every third value from 1.
  EXPECT_THAT(std::vector<float>(picture.splits[0].float32_values.begin() + 6, picture.splits[0].float32_values.begin() + 12),
              ElementsAre(1, 4, 7, 10, 13, 16));

  const std::string padded = h5py_file(dir, "padded.h5",
                                       "    f['X'] = np.array([[1, 2, 0], [3, 0, 0]], dtype=np.float32)\n"
                                       "    f['y'] = np.array([0, 1])\n"
                                       "    f['valid'] = np.array([[True, True, False], [True, False, False]])\n");
  const DatasetContent signals = h5_convert({padded, padded}, {{"mask", "valid"}});
  EXPECT_THAT(signals.splits[0].lengths, ElementsAre(2, 1));
}

TEST(H5Converter, NamesTheArraysTheFileHasWhenOneIsMissingAndRefusesFractionalLabels) {
  TempDir dir;
  const std::string path = h5py_file(dir, "odd.h5",
                                     "    f['data'] = np.ones((2, 4))\n"
                                     "    f['target'] = np.array([0.5, 1.0])\n");
  EXPECT_THAT(error_of([&] { h5_convert({path}, {}); }),
              HasSubstr("odd.h5: no array 'X' (--x names the cases), nor X_train and X_test; it holds: data, target"));
  EXPECT_THAT(error_of([&] { h5_convert({path, path}, {{"x", "data"}, {"y", "target"}}); }),
              HasSubstr("odd.h5:/target (float64, shape [2]): element 0 is 0.5, expected whole numbers or strings"));
  const std::string text = dir.write("not.h5", "hello");
  EXPECT_THAT(error_of([&] { h5_convert({text}, {}); }), HasSubstr("not.h5: not an HDF5 file"));
}

}  // namespace
}  // namespace sigvit
