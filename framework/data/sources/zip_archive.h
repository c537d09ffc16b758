#pragma once

// An .npz file is a ZIP archive. Its members are found and extracted from
// the archive's bytes in memory, every offset and size checked against them
// first, so that a truncated or damaged file fails with a message instead of
// reading out of bounds. The functions keep no view of the bytes: the caller
// owns them and passes them to each call.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sigvit {

struct ZipMember {
  std::string name;
  uint16_t method = 0;  // 0 stored, 8 deflated
  uint32_t crc = 0;
  uint64_t compressed_size = 0;
  uint64_t size = 0;
  uint64_t data_offset = 0;  // where its stored or deflated bytes start in the archive
};

// The members of `archive`, in directory order (ZIP64 included), each central
// directory entry checked against its local header. Error "ORIGIN: ..." for
// damage, for an encrypted member and for methods other than stored and
// deflate.
std::vector<ZipMember> read_zip_directory(std::string_view archive, const std::string& origin);

// The bytes of `member`, which read_zip_directory found in `archive`, with
// their CRC-32 checked: a view into `archive` when stored, into `inflated`
// when deflated. Errors start with `where`.
std::string_view zip_member_bytes(std::string_view archive, const ZipMember& member, std::string& inflated,
                                  const std::string& where);

}  // namespace sigvit
