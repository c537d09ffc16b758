#include "data/sources/idx_file.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <limits>
#include <memory>

#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

constexpr int unsigned_byte_type = 0x08;

struct GzCloser {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

// Reads up to `size` bytes; gzread reads plain files unchanged.
size_t read_bytes(gzFile file, void* buffer, size_t size, const std::string& path) {
  size_t done = 0;
  while (done < size) {
    const unsigned request = static_cast<unsigned>(std::min<size_t>(size - done, INT_MAX));
    const int got = gzread(file, static_cast<char*>(buffer) + done, request);
    if (got < 0) {
      int code = 0;
      throw Error(path + ": cannot decompress: " + gzerror(file, &code));
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

}  // namespace

IdxArray read_idx_file(const std::string& path) {
  GzHandle file(gzopen(path.c_str(), "rb"));
  if (!file) throw Error(path + ": cannot open for reading");
  unsigned char magic[4] = {};
  if (read_bytes(file.get(), magic, 4, path) != 4 || magic[0] != 0 || magic[1] != 0 || magic[3] == 0) {
    char found[16];
    std::snprintf(found, sizeof found, "%02x%02x%02x%02x", magic[0], magic[1], magic[2], magic[3]);
    throw Error(path + ": magic number 0x" + found + ", expected an IDX file (0x0000TTDD)");
  }
  if (magic[2] != unsigned_byte_type) {
    char found[8];
    std::snprintf(found, sizeof found, "%02x", magic[2]);
    throw Error(path + ": IDX element type 0x" + found + ", expected 0x08 (unsigned byte)");
  }
  IdxArray array;
  size_t total = 1;
  for (int axis = 0; axis < magic[3]; ++axis) {
    unsigned char size[4] = {};
    if (read_bytes(file.get(), size, 4, path) != 4) throw Error(path + ": truncated in the IDX header");
    const int64_t extent = (int64_t{size[0]} << 24) | (size[1] << 16) | (size[2] << 8) | size[3];
    array.dims.push_back(extent);
    if (extent > 0 && total > std::numeric_limits<size_t>::max() / static_cast<size_t>(extent)) {
      throw Error(path + ": the IDX header's shape " + shape_to_string(array.dims) + " is too large to be real");
    }
    total *= static_cast<size_t>(extent);
  }
  // The header may claim more than the file holds (gzip hides the real size):
  // the values are read piece by piece, so memory follows the data, not the claim.
  constexpr size_t piece = size_t{1} << 20;
  while (array.values.size() < total) {
    const size_t start = array.values.size();
    const size_t wanted = std::min(piece, total - start);
    array.values.resize(start + wanted);
    const size_t got = read_bytes(file.get(), array.values.data() + start, wanted, path);
    if (got != wanted)
      throw Error(path + ": truncated: " + std::to_string(start + got) + " bytes of data, expected " +
                  std::to_string(total) + " for shape " + shape_to_string(array.dims));
  }
  unsigned char extra = 0;
  if (read_bytes(file.get(), &extra, 1, path) != 0)
    throw Error(path + ": more data than the shape " + shape_to_string(array.dims) + " holds");
  return array;
}

}  // namespace sigvit
