#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigvit {

// An unsigned-byte array of the IDX format (MNIST, Fashion-MNIST).
struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> values;
};

// Reads an IDX file of unsigned bytes, gzip-compressed or not. Throws
// sigvit::Error naming the file for a wrong magic number or type, or a
// truncated or overlong file.
IdxArray read_idx_file(const std::string& path);

}  // namespace sigvit
