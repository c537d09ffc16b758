#include "data/sources/zip_archive.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdio>

#include "sigvit/error.h"

namespace sigvit {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint16_t kZip64Extra = 0x0001;
constexpr uint32_t kSaturated32 = 0xffffffff;
constexpr uint64_t kCentralEntrySize = 46;
constexpr uint64_t kLocalHeaderSize = 30;
// Deflate cannot expand data by more than about 1032:1; a larger claim is damage.
constexpr uint64_t kMaxDeflateRatio = 1032;

// Little-endian fields of the archive, each read only after its range is checked.
class ZipFields {
 public:
  ZipFields(std::string_view bytes, const std::string& origin) : bytes_(bytes), origin_(origin) {}

  uint64_t size() const { return bytes_.size(); }
  const std::string& origin() const { return origin_; }

  void need(uint64_t at, uint64_t length, const std::string& what) const {
    if (at > bytes_.size() || length > bytes_.size() - at)
      throw Error(origin_ + ": damaged ZIP archive: " + what + " (bytes " + std::to_string(at) + " to " +
                  std::to_string(at + length) + ") runs past the end of the file (" + std::to_string(bytes_.size()) +
                  " bytes)");
  }
  uint64_t field(uint64_t at, size_t width) const {
    uint64_t value = 0;
    for (size_t i = width; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(bytes_[at + i]);
    return value;
  }
  uint16_t u16(uint64_t at) const { return static_cast<uint16_t>(field(at, 2)); }
  uint32_t u32(uint64_t at) const { return static_cast<uint32_t>(field(at, 4)); }
  uint64_t u64(uint64_t at) const { return field(at, 8); }
  std::string_view view(uint64_t at, uint64_t length) const { return bytes_.substr(at, length); }

  [[noreturn]] void fail(const std::string& what) const { throw Error(origin_ + ": damaged ZIP archive: " + what); }

 private:
  std::string_view bytes_;
  const std::string& origin_;
};

// Replaces the saturated 32-bit fields among `fields` by the 64-bit values of
// the zip64 extra field, which holds exactly those, in this order.
void apply_zip64_extra(const ZipFields& zip, uint64_t extra_at, uint64_t extra_length,
                       const std::vector<uint64_t*>& fields, const std::string& where) {
  const uint64_t end = extra_at + extra_length;
  for (uint64_t at = extra_at; at + 4 <= end;) {
    const uint16_t id = zip.u16(at);
    const uint16_t length = zip.u16(at + 2);
    if (at + 4 + length > end) zip.fail(where + ": an extra field runs past its header");
    if (id == kZip64Extra) {
      uint64_t next = at + 4;
      for (uint64_t* field : fields) {
        if (*field != kSaturated32) continue;
        if (next + 8 > at + 4 + length) zip.fail(where + ": its zip64 extra field is too short");
        *field = zip.u64(next);
        next += 8;
      }
      return;
    }
    at += 4 + length;
  }
  for (const uint64_t* field : fields)
    if (*field == kSaturated32) zip.fail(where + ": a size or offset of 0xffffffff without a zip64 extra field");
}

uint64_t find_end_of_directory(const ZipFields& zip) {
  constexpr uint64_t record = 22;
  if (zip.size() >= record) {
    const uint64_t lowest = zip.size() > record + 0xffff ? zip.size() - record - 0xffff : 0;
    for (uint64_t at = zip.size() - record + 1; at-- > lowest;)
      if (zip.u32(at) == kEndOfDirectory && at + record + zip.u16(at + 20) <= zip.size()) return at;
  }
  if (zip.view(0, 6) == std::string_view("\x93NUMPY", 6))
    throw Error(zip.origin() + ": a .npy file, not an .npz archive; give it as .npy");
  if (zip.view(0, 4) == std::string_view("PK\x03\x04", 4))
    throw Error(zip.origin() + ": truncated or damaged: a ZIP archive without its end of central directory record");
  throw Error(zip.origin() + ": not an .npz file (no ZIP end of central directory record; np.savez and " +
              "np.savez_compressed write .npz files)");
}

struct CentralDirectory {
  uint64_t entries = 0;
  uint64_t size = 0;
  uint64_t at = 0;
};

// From the end of central directory record `end`, or the zip64 record it points to.
CentralDirectory locate_central_directory(const ZipFields& zip, uint64_t end) {
  CentralDirectory directory;
  directory.entries = zip.u16(end + 10);
  directory.size = zip.u32(end + 12);
  directory.at = zip.u32(end + 16);
  uint64_t limit = end;
  if (end >= 20 && zip.u32(end - 20) == kZip64Locator) {
    const uint64_t record = zip.u64(end - 20 + 8);
    if (record > end - 20 || end - 20 - record < 56) zip.fail("the zip64 end of central directory record is misplaced");
    if (zip.u32(record) != kZip64EndOfDirectory)
      zip.fail("no zip64 end of central directory record at byte " + std::to_string(record));
    directory.entries = zip.u64(record + 32);
    directory.size = zip.u64(record + 40);
    directory.at = zip.u64(record + 48);
    limit = record;
  }
  if (directory.at > limit || directory.size > limit - directory.at)
    zip.fail("the central directory (" + std::to_string(directory.size) + " bytes at byte " +
             std::to_string(directory.at) + ") does not end before byte " + std::to_string(limit));
  if (directory.entries > directory.size / kCentralEntrySize)
    zip.fail(std::to_string(directory.entries) + " members claimed in a central directory of " +
             std::to_string(directory.size) + " bytes");
  return directory;
}

// The local header repeats name, method and (unless a data descriptor follows
// the data) CRC and sizes; disagreement means damage. Returns where the
// member's data starts.
uint64_t check_local_header(const ZipFields& zip, const ZipMember& member, uint64_t local_at,
                            const std::string& named) {
  zip.need(local_at, kLocalHeaderSize, named + "'s local header");
  if (zip.u32(local_at) != kLocalHeader) zip.fail(named + ": no local header at byte " + std::to_string(local_at));
  const uint16_t local_flags = zip.u16(local_at + 6);
  const uint64_t local_name_length = zip.u16(local_at + 26);
  const uint64_t local_extra_length = zip.u16(local_at + 28);
  zip.need(local_at + kLocalHeaderSize, local_name_length + local_extra_length, named + "'s local header");
  if (zip.view(local_at + kLocalHeaderSize, local_name_length) != member.name || zip.u16(local_at + 8) != member.method)
    zip.fail(named + ": its local header disagrees with the central directory");
  if ((local_flags & 8) == 0) {
    uint64_t local_compressed = zip.u32(local_at + 18);
    uint64_t local_size = zip.u32(local_at + 22);
    // A local zip64 field holds both sizes when either is saturated.
    if (local_compressed == kSaturated32 || local_size == kSaturated32) {
      local_compressed = kSaturated32;
      local_size = kSaturated32;
    }
    apply_zip64_extra(zip, local_at + kLocalHeaderSize + local_name_length, local_extra_length,
                      {&local_size, &local_compressed}, named + "'s local header");
    if (zip.u32(local_at + 14) != member.crc || local_compressed != member.compressed_size || local_size != member.size)
      zip.fail(named + ": the CRC or sizes of its local header disagree with the central directory");
  }
  return local_at + kLocalHeaderSize + local_name_length + local_extra_length;
}

// The member whose central directory entry is at `at`, the `index`th; moves `at` past the entry.
ZipMember read_member(const ZipFields& zip, const CentralDirectory& directory, uint64_t index, uint64_t& at) {
  const uint64_t directory_end = directory.at + directory.size;
  const std::string where = "member " + std::to_string(index);
  if (kCentralEntrySize > directory_end - at) zip.fail(where + ": its directory entry runs past the directory");
  if (zip.u32(at) != kCentralHeader) zip.fail(where + ": no central directory entry at byte " + std::to_string(at));
  const uint16_t flags = zip.u16(at + 8);
  ZipMember member;
  member.method = zip.u16(at + 10);
  member.crc = zip.u32(at + 16);
  member.compressed_size = zip.u32(at + 20);
  member.size = zip.u32(at + 24);
  const uint64_t name_length = zip.u16(at + 28);
  const uint64_t extra_length = zip.u16(at + 30);
  const uint64_t comment_length = zip.u16(at + 32);
  uint64_t local_at = zip.u32(at + 42);
  if (name_length + extra_length + comment_length > directory_end - at - kCentralEntrySize)
    zip.fail(where + ": its name and extra fields run past the directory");
  member.name = std::string(zip.view(at + kCentralEntrySize, name_length));
  const std::string named = "member '" + member.name + "'";
  apply_zip64_extra(zip, at + kCentralEntrySize + name_length, extra_length,
                    {&member.size, &member.compressed_size, &local_at}, named);
  at += kCentralEntrySize + name_length + extra_length + comment_length;

  if ((flags & 1) != 0) throw Error(zip.origin() + ": " + named + " is encrypted, which is not read");
  if (member.method != 0 && member.method != 8)
    throw Error(zip.origin() + ": " + named + " uses ZIP compression method " + std::to_string(member.method) +
                ", expected 0 (np.savez) or 8 (deflate, np.savez_compressed)");
  if (member.method == 0 ? member.size != member.compressed_size
                         : member.size / kMaxDeflateRatio > member.compressed_size + 1)
    zip.fail(named + ": " + std::to_string(member.compressed_size) + " stored bytes cannot hold the " +
             std::to_string(member.size) + " bytes it claims");

  member.data_offset = check_local_header(zip, member, local_at, named);
  if (member.data_offset > directory.at || member.compressed_size > directory.at - member.data_offset)
    zip.fail(named + ": its " + std::to_string(member.compressed_size) + " bytes of data at byte " +
             std::to_string(member.data_offset) + " run into the central directory at byte " +
             std::to_string(directory.at));
  return member;
}

std::string inflate_zip_member(std::string_view compressed, uint64_t size, const std::string& where) {
  std::string out(static_cast<size_t>(size), '\0');
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) throw Error(where + ": zlib cannot start inflating");
  struct Ender {
    z_stream* stream;
    ~Ender() { inflateEnd(stream); }
  } ender{&stream};
  const auto* in_end = reinterpret_cast<const Bytef*>(compressed.data()) + compressed.size();
  auto* out_end = reinterpret_cast<Bytef*>(out.data()) + out.size();
  stream.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(compressed.data()));
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  for (;;) {
    stream.avail_in = static_cast<uInt>(std::min<size_t>(static_cast<size_t>(in_end - stream.next_in), UINT_MAX));
    stream.avail_out = static_cast<uInt>(std::min<size_t>(static_cast<size_t>(out_end - stream.next_out), UINT_MAX));
    const int status = inflate(&stream, Z_NO_FLUSH);
    if (status == Z_STREAM_END) break;
    if (status == Z_OK) continue;
    if (status == Z_BUF_ERROR && stream.next_out == out_end)
      throw Error(where + ": inflates to more than the " + std::to_string(size) + " bytes the directory says");
    if (status == Z_BUF_ERROR) throw Error(where + ": the compressed data ends early (truncated archive)");
    throw Error(where + ": damaged compressed data (" + std::string(stream.msg ? stream.msg : "zlib error") + ")");
  }
  if (stream.next_out != out_end)
    throw Error(where + ": inflates to " + std::to_string(stream.next_out - reinterpret_cast<Bytef*>(out.data())) +
                " bytes, but the directory says " + std::to_string(size));
  return out;
}

}  // namespace

std::vector<ZipMember> read_zip_directory(std::string_view archive, const std::string& origin) {
  const ZipFields zip(archive, origin);
  const CentralDirectory directory = locate_central_directory(zip, find_end_of_directory(zip));
  std::vector<ZipMember> members;
  uint64_t at = directory.at;
  for (uint64_t index = 0; index < directory.entries; ++index)
    members.push_back(read_member(zip, directory, index, at));
  return members;
}

std::string_view zip_member_bytes(std::string_view archive, const ZipMember& member, std::string& inflated,
                                  const std::string& where) {
  const std::string_view stored = archive.substr(member.data_offset, member.compressed_size);
  if (member.method == 8) inflated = inflate_zip_member(stored, member.size, where);
  const std::string_view data = member.method == 8 ? std::string_view(inflated) : stored;
  const uLong crc = crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size());
  if (crc != member.crc) {
    char found_text[40];
    std::snprintf(found_text, sizeof found_text, "0x%08lx, expected 0x%08x", static_cast<unsigned long>(crc),
                  static_cast<unsigned>(member.crc));
    throw Error(where + ": CRC-32 " + found_text + " (the archive is damaged)");
  }
  return data;
}

}  // namespace sigvit
