#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigvit {

// A decoded picture, on the 8-bit scale: 0 is black, 255 full intensity.
struct Picture {
  int64_t channels = 0;  // 1 (grey) or 3 (RGB)
  int64_t height = 0;
  int64_t width = 0;
  std::vector<float> values;  // [channels, height, width], row-major
};

// Reads PNG (libpng; palette, 16-bit and alpha are converted to 8-bit grey or
// RGB) or Netpbm PGM/PPM (P2, P3, P5, P6; a maximum other than 255 is rescaled
// to 0..255). The format comes from the file's first bytes, not its name.
// Errors name the file and what is wrong with it.
Picture read_picture_file(const std::string& path);

}  // namespace sigvit
