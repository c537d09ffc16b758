#include "data/sources/image_file.h"

#include <png.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "sigvit/error.h"

namespace sigvit {
namespace {

// 8192 x 8192. A header may claim any size; a classifier's inputs are far
// smaller, and this keeps a hostile header from asking for terabytes.
constexpr int64_t kMaxPixels = int64_t{1} << 26;

std::string too_large(const std::string& path, int64_t width, int64_t height) {
  return path + ": " + std::to_string(width) + "x" + std::to_string(height) + " pixels; images of more than " +
         std::to_string(kMaxPixels) + " pixels are not supported";
}

Picture read_png(const std::string& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, path.c_str()))
    throw Error(path + ": cannot read as PNG: " + image.message);
  if (int64_t{image.width} * int64_t{image.height} > kMaxPixels) {
    png_image_free(&image);
    throw Error(too_large(path, image.width, image.height));
  }
  const bool colour = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  image.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  std::vector<png_byte> interleaved(PNG_IMAGE_SIZE(image));
  // Transparent pixels are composited onto black, the zero of the data.
  const png_color black{0, 0, 0};
  if (!png_image_finish_read(&image, &black, interleaved.data(), 0, nullptr)) {
    const std::string reason = image.message;
    png_image_free(&image);
    throw Error(path + ": cannot decode PNG: " + reason);
  }
  Picture picture{colour ? 3 : 1, image.height, image.width, {}};
  picture.values.resize(interleaved.size());
  const int64_t pixels = picture.height * picture.width;
  for (int64_t p = 0; p < pixels; ++p)
    for (int64_t c = 0; c < picture.channels; ++c)
      picture.values[static_cast<size_t>(c * pixels + p)] = interleaved[static_cast<size_t>(p * picture.channels + c)];
  return picture;
}

// Netpbm: a magic number, then width, height and maximum as ASCII integers
// separated by whitespace and '#' comments, then one whitespace byte and the
// samples: ASCII integers (P2, P3) or binary, 1 or 2 big-endian bytes (P5, P6).
class NetpbmParser {
 public:
  NetpbmParser(std::string path, std::string bytes) : path_(std::move(path)), bytes_(std::move(bytes)) {}

  Picture parse() {
    const char kind = bytes_[1];
    const bool ascii = kind == '2' || kind == '3';
    pos_ = 2;
    Picture picture;
    picture.channels = (kind == '3' || kind == '6') ? 3 : 1;
    picture.width = header_integer("width");
    picture.height = header_integer("height");
    const int64_t maximum = header_integer("maximum value");
    if (picture.width < 1 || picture.height < 1) fail("width and height must be >= 1");
    if (maximum < 1 || maximum > 65535) fail("maximum value must be in 1..65535, got " + std::to_string(maximum));
    if (picture.width * picture.height > kMaxPixels) throw Error(too_large(path_, picture.width, picture.height));
    if (!ascii) ++pos_;  // the single whitespace byte before binary samples
    // Each sample takes at least a digit and a separator, or its binary bytes.
    const int64_t sample_bytes = ascii ? 2 : (maximum > 255 ? 2 : 1);
    const int64_t left = static_cast<int64_t>(bytes_.size()) - static_cast<int64_t>(std::min(pos_, bytes_.size()));
    if (picture.channels * picture.width * picture.height * sample_bytes > left + 1) {
      fail("the header's " + std::to_string(picture.width) + "x" + std::to_string(picture.height) +
           " pixels need more samples than the file holds");
    }
    const size_t count = static_cast<size_t>(picture.channels * picture.height * picture.width);
    const int64_t pixels = picture.height * picture.width;
    picture.values.resize(count);
    for (size_t i = 0; i < count; ++i) {
      const int64_t sample = ascii ? header_integer("sample") : binary_sample(maximum > 255);
      if (sample > maximum) fail("sample " + std::to_string(sample) + " exceeds the maximum " + std::to_string(maximum));
      const int64_t pixel = static_cast<int64_t>(i) / picture.channels;
      const int64_t channel = static_cast<int64_t>(i) % picture.channels;
      picture.values[static_cast<size_t>(channel * pixels + pixel)] =
          static_cast<float>(static_cast<double>(sample) * 255.0 / static_cast<double>(maximum));
    }
    return picture;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw Error(path_ + ": not a valid PGM/PPM: " + what); }

  int64_t header_integer(const std::string& field) {
    while (pos_ < bytes_.size()) {
      if (bytes_[pos_] == '#') {
        while (pos_ < bytes_.size() && bytes_[pos_] != '\n') ++pos_;
      } else if (std::isspace(static_cast<unsigned char>(bytes_[pos_]))) {
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ >= bytes_.size() || !std::isdigit(static_cast<unsigned char>(bytes_[pos_])))
      fail("expected the " + field + " as a decimal integer");
    int64_t value = 0;
    while (pos_ < bytes_.size() && std::isdigit(static_cast<unsigned char>(bytes_[pos_]))) {
      value = value * 10 + (bytes_[pos_++] - '0');
      if (value > (int64_t{1} << 31)) fail("the " + field + " is too large");
    }
    return value;
  }

  int64_t binary_sample(bool two_bytes) {
    const size_t width = two_bytes ? 2 : 1;
    if (pos_ + width > bytes_.size()) fail("the file ends before its last sample");
    int64_t value = static_cast<unsigned char>(bytes_[pos_++]);
    if (two_bytes) value = value * 256 + static_cast<unsigned char>(bytes_[pos_++]);
    return value;
  }

  std::string path_;
  std::string bytes_;
  size_t pos_ = 0;
};

}  // namespace

Picture read_picture_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(path + ": cannot open");
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const std::string png_signature("\x89PNG", 4);
  if (bytes.compare(0, 4, png_signature) == 0) return read_png(path);
  if (bytes.size() >= 2 && bytes[0] == 'P' && std::string("2356").find(bytes[1]) != std::string::npos)
    return NetpbmParser(path, std::move(bytes)).parse();
  throw Error(path + ": not a PNG, PGM or PPM image (unrecognised first bytes)");
}

}  // namespace sigvit
