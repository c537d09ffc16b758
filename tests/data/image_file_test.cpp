// Image files as `sigvit predict` reads them: PNG and the Netpbm variants
// decode to the same channel-major values on the 8-bit scale.

#include <png.h>

#include <fstream>

#include "data/sources/image_file.h"
#include "data_test_support.h"

namespace sigvit {
namespace {

using data_testing::TempDir;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string write_bytes(const TempDir& dir, const std::string& name, const std::string& bytes) {
  std::ofstream(dir.file(name), std::ios::binary) << bytes;
  return dir.file(name);
}

TEST(ImageFile, BinaryPpmIsChannelMajor) {
  TempDir dir;
  // Two pixels: (10, 20, 30) then (40, 50, 60).
  const Picture picture = read_picture_file(write_bytes(dir, "two.ppm", std::string("P6\n2 1\n255\n") +
                                                                          "\x0a\x14\x1e\x28\x32\x3c"));
  EXPECT_EQ(picture.channels, 3);
  EXPECT_EQ(picture.height, 1);
  EXPECT_EQ(picture.width, 2);
  EXPECT_THAT(picture.values, ElementsAre(10, 40, 20, 50, 30, 60));
}

TEST(ImageFile, AsciiPgmWithCommentsAndAnotherMaximumIsRescaled) {
  TempDir dir;
  const Picture picture = read_picture_file(dir.write("grey.pgm", "P2\n# made by hand\n3 1 # width height\n4\n0 2 4\n"));
  EXPECT_EQ(picture.channels, 1);
  EXPECT_THAT(picture.values, ElementsAre(0.0f, 127.5f, 255.0f));
}

TEST(ImageFile, SixteenBitPgmIsBigEndian) {
  TempDir dir;
  const Picture picture =
      read_picture_file(write_bytes(dir, "deep.pgm", std::string("P5 2 1 65535\n") + std::string("\x01\x01\xff\xff", 4)));
  EXPECT_THAT(picture.values, ElementsAre(1.0f, 255.0f));  // 257 / 65535 * 255 = 1
}

TEST(ImageFile, RgbPngMatchesTheSamePpm) {
  TempDir dir;
  const std::vector<uint8_t> interleaved{1, 2, 3, 4, 5, 6, 7, 8, 9, 200, 201, 202};  // 2x2 RGB
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = 2;
  image.height = 2;
  image.format = PNG_FORMAT_RGB;
  ASSERT_TRUE(png_image_write_to_file(&image, dir.file("rgb.png").c_str(), 0, interleaved.data(), 0, nullptr));
  const Picture png = read_picture_file(dir.file("rgb.png"));
  const Picture ppm = read_picture_file(write_bytes(
      dir, "rgb.ppm", "P6\n2 2\n255\n" + std::string(interleaved.begin(), interleaved.end())));
  EXPECT_EQ(png.channels, 3);
  EXPECT_EQ(png.values, ppm.values);
  EXPECT_THAT(png.values, ElementsAre(1, 4, 7, 200, 2, 5, 8, 201, 3, 6, 9, 202));
}

TEST(ImageFile, DamagedFilesAreErrorsNamingTheFile) {
  TempDir dir;
  EXPECT_THAT(testing::error_of([&] { read_picture_file(write_bytes(dir, "short.pgm", "P5\n4 4\n255\n\x01\x02")); }),
              AllOf(HasSubstr("short.pgm"), HasSubstr("need more samples than the file holds")));
  EXPECT_THAT(testing::error_of([&] { read_picture_file(dir.write("over.pgm", "P2 2 1 10 3 11")); }),
              AllOf(HasSubstr("over.pgm"), HasSubstr("sample 11 exceeds the maximum 10")));
  EXPECT_THAT(testing::error_of([&] { read_picture_file(dir.write("size.pgm", "P2 x 1 10 3")); }),
              AllOf(HasSubstr("size.pgm"), HasSubstr("expected the width")));
  EXPECT_THAT(testing::error_of([&] { read_picture_file(write_bytes(dir, "cut.png", "\x89PNG\r\n\x1a\n")); }),
              AllOf(HasSubstr("cut.png"), HasSubstr("PNG")));
  EXPECT_THAT(testing::error_of([&] { read_picture_file(dir.write("text.jpg", "hello")); }),
              AllOf(HasSubstr("text.jpg"), HasSubstr("not a PNG, PGM or PPM")));
  EXPECT_THAT(testing::error_of([&] { read_picture_file(dir.file("absent.png")); }),
              AllOf(HasSubstr("absent.png"), HasSubstr("cannot open")));
}

}  // namespace
}  // namespace sigvit
