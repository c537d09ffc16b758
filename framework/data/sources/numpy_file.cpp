#include "data/sources/numpy_file.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string_view>

#include "core/text.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

// ---------------------------------------------------------------------------
// The .npy header: a Python dict literal, written by numpy's repr.

struct Literal {
  enum class Kind { none, text, integer, boolean, tuple, list, dict };
  Kind kind = Kind::none;
  std::string text;
  int64_t integer = 0;
  bool boolean = false;
  std::vector<Literal> items;                            // tuple, list
  std::vector<std::pair<std::string, Literal>> entries;  // dict
};

constexpr char kHeaderExample[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}";

// Reads the literals numpy writes (strings, integers, True/False/None, tuples,
// lists, dicts), in any order and spacing; Python 2's `10L` included.
class LiteralParser {
 public:
  LiteralParser(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {}

  Literal document() {
    Literal result = value(0);
    skip_space();
    if (at_ < text_.size()) fail("unexpected '" + std::string(1, text_[at_]) + "' after the dict");
    return result;
  }

 private:
  // Deeper than any descr numpy writes; bounds the recursion on damaged headers.
  static constexpr int kMaxDepth = 32;

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(origin_ + ": unreadable .npy header at character " + std::to_string(at_) + " (" + what +
                "), expected a Python dict like " + kHeaderExample);
  }

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\r' || text_[at_] == '\n'))
      ++at_;
  }

  char peek() {
    skip_space();
    if (at_ >= text_.size()) fail("it ends early");
    return text_[at_];
  }

  void expect(char wanted) {
    if (peek() != wanted) fail("'" + std::string(1, wanted) + "' expected");
    ++at_;
  }

  Literal value(int depth) {
    if (depth > kMaxDepth) fail("nested too deeply");
    const char first = peek();
    if (first == '{') return dict(depth);
    if (first == '(' || first == '[') return sequence(depth);
    if (first == '\'' || first == '"') return quoted();
    if (first == '-' || first == '+' || (first >= '0' && first <= '9')) return integer();
    return word();
  }

  Literal dict(int depth) {
    Literal result;
    result.kind = Literal::Kind::dict;
    expect('{');
    while (peek() != '}') {
      const Literal key = value(depth + 1);
      if (key.kind != Literal::Kind::text) fail("a dict key that is not a string");
      expect(':');
      result.entries.emplace_back(key.text, value(depth + 1));
      if (peek() != ',') break;
      ++at_;
    }
    expect('}');
    return result;
  }

  Literal sequence(int depth) {
    Literal result;
    const char close = text_[at_] == '(' ? ')' : ']';
    result.kind = close == ')' ? Literal::Kind::tuple : Literal::Kind::list;
    ++at_;
    while (peek() != close) {
      result.items.push_back(value(depth + 1));
      if (peek() != ',') break;
      ++at_;
    }
    expect(close);
    return result;
  }

  Literal quoted() {
    Literal result;
    result.kind = Literal::Kind::text;
    const char quote = text_[at_++];
    while (at_ < text_.size() && text_[at_] != quote) {
      // A backslash keeps the next character: descr strings have no escapes
      // that matter, only field names of structured dtypes (refused) do.
      if (text_[at_] == '\\') ++at_;
      if (at_ < text_.size()) result.text += text_[at_++];
    }
    if (at_ >= text_.size()) fail("a string is not closed");
    ++at_;
    return result;
  }

  Literal integer() {
    Literal result;
    result.kind = Literal::Kind::integer;
    const bool negative = text_[at_] == '-';
    if (text_[at_] == '-' || text_[at_] == '+') ++at_;
    const size_t start = at_;
    uint64_t magnitude = 0;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
      const auto digit = static_cast<uint64_t>(text_[at_] - '0');
      if (magnitude > (uint64_t{INT64_MAX} - digit) / 10) fail("an integer too large to be real");
      magnitude = magnitude * 10 + digit;
      ++at_;
    }
    if (at_ == start) fail("a sign without digits");
    if (at_ < text_.size() && (text_[at_] == 'L' || text_[at_] == 'l')) ++at_;
    result.integer = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    return result;
  }

  Literal word() {
    const size_t start = at_;
    while (at_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[at_]))) ++at_;
    const std::string_view name = text_.substr(start, at_ - start);
    Literal result;
    if (name == "True" || name == "False") {
      result.kind = Literal::Kind::boolean;
      result.boolean = name == "True";
    } else if (name != "None") {
      at_ = start;
      fail(name.empty() ? "unexpected '" + std::string(1, text_[at_]) + "'"
                        : "unknown name '" + std::string(name) + "'");
    }
    return result;
  }

  std::string_view text_;
  const std::string& origin_;
  size_t at_ = 0;
};

// "(10, 3)", "(5,)", "()": as Python and numpy's own messages write shapes.
std::string python_shape(const std::vector<int64_t>& shape) {
  std::string out = "(";
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    if (axis > 0) out += ", ";
    out += std::to_string(shape[axis]);
  }
  return out + (shape.size() == 1 ? ",)" : ")");
}

// ---------------------------------------------------------------------------
// dtypes

struct Dtype {
  char kind = 'f';  // b (bool), i, u, f, U (UTF-32 strings), S (byte strings)
  size_t item_size = 0;
  bool big_endian = false;
  std::string descr;  // as the file writes it: "<f4"
  std::string name;   // as users know it: "float32", "str (<U5)"
};

bool host_is_big_endian() {
  const uint16_t probe = 1;
  unsigned char first = 0;
  std::memcpy(&first, &probe, 1);
  return first == 0;
}

std::string number_name(char kind, size_t item_size) {
  if (kind == 'b') return "bool";
  const std::string bits = std::to_string(item_size * 8);
  return (kind == 'i' ? "int" : kind == 'u' ? "uint" : "float") + bits;
}

Dtype parse_dtype(const Literal& descr, const std::string& origin) {
  if (descr.kind == Literal::Kind::list)
    throw Error(origin +
                ": a structured array (a dtype with named fields), which is not read; save each field as its "
                "own array: np.savez(path, **{name: arr[name] for name in arr.dtype.names})");
  if (descr.kind != Literal::Kind::text || descr.text.empty())
    throw Error(origin + ": the header's 'descr' is not a dtype string like '<f4'");
  Dtype dtype;
  dtype.descr = descr.text;
  const std::string& text = descr.text;
  size_t at = 0;
  char order = '=';
  if (std::strchr("<>|=", text[0]) != nullptr) order = text[at++];
  dtype.big_endian = order == '>' || (order == '=' && host_is_big_endian());
  dtype.kind = at < text.size() ? text[at++] : '\0';
  const std::string digits = text.substr(at);
  const bool sized =
      !digits.empty() && digits.size() <= 9 && digits.find_first_not_of("0123456789") == std::string::npos;
  dtype.item_size = sized ? std::stoul(digits) : 0;

  if (dtype.kind == 'O')
    throw Error(origin + ": an object array (dtype " + text +
                ": pickled Python objects), which is not read; save it as strings or numbers: "
                "np.save(path, arr.astype(str)) or np.save(path, arr.astype(float))");
  if (dtype.kind == 'c')
    throw Error(origin + ": complex numbers (dtype " + text + "), which are not read; save real arrays, e.g. " +
                "np.save(path, arr.real) and np.save(path2, arr.imag), or np.abs(arr)");
  const size_t size = dtype.item_size;
  const bool known = (dtype.kind == 'b' && size == 1) ||
                     ((dtype.kind == 'i' || dtype.kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8)) ||
                     (dtype.kind == 'f' && (size == 2 || size == 4 || size == 8)) ||
                     ((dtype.kind == 'U' || dtype.kind == 'S') && size > 0);
  if (!known)
    throw Error(origin + ": dtype '" + text + "', which is not read; expected bool, int8..int64, uint8..uint64, " +
                "float16..float64, or strings (<U, |S): convert it first, e.g. np.save(path, arr.astype(np.float32))");
  if (dtype.kind == 'U') {
    dtype.name = "str (" + text + ")";
    dtype.item_size = size * 4;
  } else if (dtype.kind == 'S') {
    dtype.name = "bytes (" + text + ")";
  } else {
    dtype.name = number_name(dtype.kind, size);
  }
  return dtype;
}

uint64_t load_unsigned(const unsigned char* at, size_t size, bool big_endian) {
  uint64_t value = 0;
  for (size_t i = 0; i < size; ++i) value = (value << 8) | at[big_endian ? i : size - 1 - i];
  return value;
}

double half_to_double(uint16_t bits) {
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  double magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(mantissa, -24);
  else if (exponent == 0x1f)
    magnitude = mantissa == 0 ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  else
    magnitude = std::ldexp(mantissa + 1024, exponent - 25);
  return (bits & 0x8000) != 0 ? -magnitude : magnitude;
}

double load_number(const unsigned char* at, const Dtype& dtype) {
  uint64_t bits = load_unsigned(at, dtype.item_size, dtype.big_endian);
  switch (dtype.kind) {
    case 'b':
      return bits != 0 ? 1.0 : 0.0;
    case 'u':
      return static_cast<double>(bits);
    case 'i': {
      const size_t width = dtype.item_size * 8;
      if (width < 64 && (bits >> (width - 1)) != 0) bits |= ~uint64_t{0} << width;
      int64_t value;
      std::memcpy(&value, &bits, sizeof value);
      return static_cast<double>(value);
    }
    default:
      break;
  }
  if (dtype.item_size == 2) return half_to_double(static_cast<uint16_t>(bits));
  if (dtype.item_size == 4) {
    const auto narrow = static_cast<uint32_t>(bits);
    float value;
    std::memcpy(&value, &narrow, sizeof value);
    return value;
  }
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

void append_utf8(std::string& out, uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

// numpy pads strings shorter than the dtype's width with NULs and drops them
// when it reads an element back; so does this.
std::string load_text(const unsigned char* at, const Dtype& dtype, size_t element, const std::string& origin) {
  if (dtype.kind == 'S') {
    size_t length = dtype.item_size;
    while (length > 0 && at[length - 1] == 0) --length;
    return std::string(reinterpret_cast<const char*>(at), length);
  }
  size_t units = dtype.item_size / 4;
  while (units > 0 && load_unsigned(at + 4 * (units - 1), 4, dtype.big_endian) == 0) --units;
  std::string out;
  for (size_t unit = 0; unit < units; ++unit) {
    const auto code = static_cast<uint32_t>(load_unsigned(at + 4 * unit, 4, dtype.big_endian));
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%x", code);
      throw Error(origin + ": element " + std::to_string(element) + " holds " + hex +
                  ", which is not a Unicode character (dtype " + dtype.descr + " is UTF-32)");
    }
    append_utf8(out, code);
  }
  return out;
}

// The values of a Fortran-order array (first axis fastest) in C order.
template <typename T>
std::vector<T> to_c_order(std::vector<T> values, const std::vector<int64_t>& shape) {
  if (shape.size() < 2 || values.empty()) return values;
  const size_t rank = shape.size();
  std::vector<size_t> c_stride(rank, 1);
  for (size_t axis = rank - 1; axis-- > 0;) c_stride[axis] = c_stride[axis + 1] * static_cast<size_t>(shape[axis + 1]);
  std::vector<T> out(values.size());
  std::vector<int64_t> index(rank, 0);
  size_t target = 0;
  for (T& value : values) {
    out[target] = std::move(value);
    for (size_t axis = 0; axis < rank; ++axis) {
      target += c_stride[axis];
      if (++index[axis] < shape[axis]) break;
      target -= c_stride[axis] * static_cast<size_t>(shape[axis]);
      index[axis] = 0;
    }
  }
  return out;
}

const Literal& header_entry(const Literal& header, const std::string& key, const std::string& origin) {
  for (const auto& [name, value] : header.entries)
    if (name == key) return value;
  throw Error(origin + ": the .npy header has no '" + key + "', expected a dict like " + kHeaderExample);
}

NumericArray parse_npy_bytes(std::string_view bytes, const std::string& origin) {
  static constexpr std::string_view magic("\x93NUMPY", 6);
  if (bytes.substr(0, magic.size()) != magic)
    throw Error(origin + ": not a .npy file (it does not start with \\x93NUMPY; np.save writes .npy files)");
  if (bytes.size() < 10)
    throw Error(origin + ": truncated in the .npy preamble (" + std::to_string(bytes.size()) +
                " bytes, expected at least 10)");
  const auto major = static_cast<unsigned char>(bytes[6]);
  const auto minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    throw Error(origin + ": .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                ", expected 1.0, 2.0 or 3.0");
  const size_t length_size = major == 1 ? 2 : 4;
  const size_t header_start = 8 + length_size;
  if (bytes.size() < header_start) throw Error(origin + ": truncated in the .npy preamble");
  const auto header_length =
      static_cast<size_t>(load_unsigned(reinterpret_cast<const unsigned char*>(bytes.data()) + 8, length_size, false));
  if (header_length > bytes.size() - header_start)
    throw Error(origin + ": truncated: the .npy header is " + std::to_string(header_length) + " bytes, but " +
                std::to_string(bytes.size() - header_start) + " bytes follow the preamble");

  const Literal header = LiteralParser(bytes.substr(header_start, header_length), origin).document();
  if (header.kind != Literal::Kind::dict)
    throw Error(origin + ": the .npy header is not a dict, expected one like " + kHeaderExample);
  const Dtype dtype = parse_dtype(header_entry(header, "descr", origin), origin);
  const Literal& fortran = header_entry(header, "fortran_order", origin);
  if (fortran.kind != Literal::Kind::boolean)
    throw Error(origin + ": the header's 'fortran_order' is not True or False");
  const Literal& shape = header_entry(header, "shape", origin);
  if (shape.kind != Literal::Kind::tuple && shape.kind != Literal::Kind::list)
    throw Error(origin + ": the header's 'shape' is not a tuple of integers like (10, 3)");

  NumericArray array;
  array.origin = origin;
  array.dtype = dtype.name;
  for (const Literal& extent : shape.items) {
    if (extent.kind != Literal::Kind::integer || extent.integer < 0)
      throw Error(
          origin + ": the header's 'shape' holds " +
          (extent.kind == Literal::Kind::integer ? std::to_string(extent.integer) : std::string("a non-integer")) +
          ", expected sizes of 0 or more");
    array.shape.push_back(extent.integer);
  }
  // The product is checked before anything is allocated: a damaged header may
  // claim any shape.
  const uint64_t max_elements = static_cast<uint64_t>(INT64_MAX) / dtype.item_size;
  uint64_t elements = 1;
  for (int64_t extent : array.shape) {
    if (extent > 0 && elements > max_elements / static_cast<uint64_t>(extent))
      throw Error(origin + ": the header's shape " + python_shape(array.shape) + " of " + dtype.descr +
                  " is too large to be real");
    elements *= static_cast<uint64_t>(extent);
  }
  const uint64_t expected = elements * dtype.item_size;
  const size_t data_start = header_start + header_length;
  const size_t present = bytes.size() - data_start;
  if (expected != present)
    throw Error(origin + ": header says shape " + python_shape(array.shape) + " of " + dtype.descr + " = " +
                std::to_string(expected) + " bytes, but " + std::to_string(present) + " bytes follow");

  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data()) + data_start;
  const auto count = static_cast<size_t>(elements);
  if (dtype.kind == 'U' || dtype.kind == 'S') {
    array.texts.reserve(count);
    for (size_t i = 0; i < count; ++i) array.texts.push_back(load_text(data + i * dtype.item_size, dtype, i, origin));
    if (fortran.boolean) array.texts = to_c_order(std::move(array.texts), array.shape);
  } else {
    array.numbers.resize(count);
    for (size_t i = 0; i < count; ++i) array.numbers[i] = load_number(data + i * dtype.item_size, dtype);
    if (fortran.boolean) array.numbers = to_c_order(std::move(array.numbers), array.shape);
  }
  return array;
}

std::string read_binary_file(const std::string& path) {
  std::error_code failure;
  if (!std::filesystem::exists(path, failure)) throw Error(path + ": no such file");
  if (std::filesystem::is_directory(path, failure)) throw Error(path + ": is a folder, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot be opened for reading");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::string bytes(size > 0 ? static_cast<size_t>(size) : 0, '\0');
  if (size < 0 || !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
    throw Error(path + ": cannot be read");
  return bytes;
}

// ---------------------------------------------------------------------------
// ZIP

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64EndOfDirectory = 0x06064b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint16_t kZip64Extra = 0x0001;
constexpr uint32_t kSaturated32 = 0xffffffff;
// Deflate cannot expand data by more than about 1032:1; a larger claim is damage.
constexpr uint64_t kMaxDeflateRatio = 1032;

// Little-endian fields of the archive, each read only after its range is checked.
class ZipBytes {
 public:
  ZipBytes(std::string_view bytes, const std::string& origin) : bytes_(bytes), origin_(origin) {}

  uint64_t size() const { return bytes_.size(); }

  void need(uint64_t at, uint64_t length, const std::string& what) const {
    if (at > bytes_.size() || length > bytes_.size() - at)
      throw Error(origin_ + ": damaged ZIP archive: " + what + " (bytes " + std::to_string(at) + " to " +
                  std::to_string(at + length) + ") runs past the end of the file (" + std::to_string(bytes_.size()) +
                  " bytes)");
  }
  uint64_t field(uint64_t at, size_t width) const {
    return load_unsigned(reinterpret_cast<const unsigned char*>(bytes_.data()) + at, width, false);
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
void apply_zip64_extra(const ZipBytes& zip, uint64_t extra_at, uint64_t extra_length,
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

uint64_t end_of_directory(const ZipBytes& zip, std::string_view bytes, const std::string& origin) {
  constexpr uint64_t record = 22;
  if (zip.size() >= record) {
    const uint64_t lowest = zip.size() > record + 0xffff ? zip.size() - record - 0xffff : 0;
    for (uint64_t at = zip.size() - record + 1; at-- > lowest;)
      if (zip.u32(at) == kEndOfDirectory && at + record + zip.u16(at + 20) <= zip.size()) return at;
  }
  if (bytes.substr(0, 6) == std::string_view("\x93NUMPY", 6))
    throw Error(origin + ": a .npy file, not an .npz archive; give it as .npy");
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    throw Error(origin + ": truncated or damaged: a ZIP archive without its end of central directory record");
  throw Error(origin + ": not an .npz file (no ZIP end of central directory record; np.savez and " +
              "np.savez_compressed write .npz files)");
}

std::string inflate_member(std::string_view compressed, uint64_t size, const std::string& where) {
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

NumericArray parse_npy(const std::string& bytes, const std::string& origin) { return parse_npy_bytes(bytes, origin); }

NumericArray read_npy(const std::string& path) { return parse_npy_bytes(read_binary_file(path), path); }

NpzArchive::NpzArchive(std::string bytes, std::string origin) : bytes_(std::move(bytes)), origin_(std::move(origin)) {
  const ZipBytes zip(bytes_, origin_);
  const uint64_t end = end_of_directory(zip, bytes_, origin_);
  uint64_t entries = zip.u16(end + 10);
  uint64_t directory_size = zip.u32(end + 12);
  uint64_t directory_at = zip.u32(end + 16);
  uint64_t directory_limit = end;
  if (end >= 20 && zip.u32(end - 20) == kZip64Locator) {
    const uint64_t record = zip.u64(end - 20 + 8);
    if (record > end - 20 || end - 20 - record < 56) zip.fail("the zip64 end of central directory record is misplaced");
    if (zip.u32(record) != kZip64EndOfDirectory)
      zip.fail("no zip64 end of central directory record at byte " + std::to_string(record));
    entries = zip.u64(record + 32);
    directory_size = zip.u64(record + 40);
    directory_at = zip.u64(record + 48);
    directory_limit = record;
  }
  if (directory_at > directory_limit || directory_size > directory_limit - directory_at)
    zip.fail("the central directory (" + std::to_string(directory_size) + " bytes at byte " +
             std::to_string(directory_at) + ") does not end before byte " + std::to_string(directory_limit));
  constexpr uint64_t central_size = 46;
  if (entries > directory_size / central_size)
    zip.fail(std::to_string(entries) + " members claimed in a central directory of " + std::to_string(directory_size) +
             " bytes");

  const uint64_t directory_end = directory_at + directory_size;
  uint64_t at = directory_at;
  for (uint64_t entry = 0; entry < entries; ++entry) {
    const std::string where = "member " + std::to_string(entry);
    if (central_size > directory_end - at) zip.fail(where + ": its directory entry runs past the directory");
    if (zip.u32(at) != kCentralHeader) zip.fail(where + ": no central directory entry at byte " + std::to_string(at));
    const uint16_t flags = zip.u16(at + 8);
    Member member;
    member.method = zip.u16(at + 10);
    member.crc = zip.u32(at + 16);
    member.compressed_size = zip.u32(at + 20);
    member.size = zip.u32(at + 24);
    const uint64_t name_length = zip.u16(at + 28);
    const uint64_t extra_length = zip.u16(at + 30);
    const uint64_t comment_length = zip.u16(at + 32);
    uint64_t local_at = zip.u32(at + 42);
    if (name_length + extra_length + comment_length > directory_end - at - central_size)
      zip.fail(where + ": its name and extra fields run past the directory");
    const std::string name(zip.view(at + central_size, name_length));
    const std::string named = "member '" + name + "'";
    apply_zip64_extra(zip, at + central_size + name_length, extra_length,
                      {&member.size, &member.compressed_size, &local_at}, named);
    at += central_size + name_length + extra_length + comment_length;

    if ((flags & 1) != 0) throw Error(origin_ + ": " + named + " is encrypted, which is not read");
    if (member.method != 0 && member.method != 8)
      throw Error(origin_ + ": " + named + " uses ZIP compression method " + std::to_string(member.method) +
                  ", expected 0 (np.savez) or 8 (deflate, np.savez_compressed)");
    constexpr std::string_view suffix(".npy");
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      throw Error(origin_ + ": " + named + " is not a .npy array; an .npz holds NAME.npy members only");
    const std::string array_name = name.substr(0, name.size() - suffix.size());
    if (contains(array_name)) throw Error(origin_ + ": array '" + array_name + "' appears twice in the archive");
    if (member.method == 0 ? member.size != member.compressed_size
                           : member.size / kMaxDeflateRatio > member.compressed_size + 1)
      zip.fail(named + ": " + std::to_string(member.compressed_size) + " stored bytes cannot hold the " +
               std::to_string(member.size) + " bytes it claims");

    // The local header repeats name, method and (unless a data descriptor
    // follows the data) CRC and sizes; disagreement means damage.
    constexpr uint64_t local_size = 30;
    zip.need(local_at, local_size, named + "'s local header");
    if (zip.u32(local_at) != kLocalHeader) zip.fail(named + ": no local header at byte " + std::to_string(local_at));
    const uint16_t local_flags = zip.u16(local_at + 6);
    const uint64_t local_name_length = zip.u16(local_at + 26);
    const uint64_t local_extra_length = zip.u16(local_at + 28);
    zip.need(local_at + local_size, local_name_length + local_extra_length, named + "'s local header");
    if (zip.view(local_at + local_size, local_name_length) != name || zip.u16(local_at + 8) != member.method)
      zip.fail(named + ": its local header disagrees with the central directory");
    if ((local_flags & 8) == 0) {
      uint64_t local_compressed = zip.u32(local_at + 18);
      uint64_t local_size_field = zip.u32(local_at + 22);
      // A local zip64 field holds both sizes when either is saturated.
      if (local_compressed == kSaturated32 || local_size_field == kSaturated32) {
        local_compressed = kSaturated32;
        local_size_field = kSaturated32;
      }
      apply_zip64_extra(zip, local_at + local_size + local_name_length, local_extra_length,
                        {&local_size_field, &local_compressed}, named + "'s local header");
      if (zip.u32(local_at + 14) != member.crc || local_compressed != member.compressed_size ||
          local_size_field != member.size)
        zip.fail(named + ": the CRC or sizes of its local header disagree with the central directory");
    }
    member.data_offset = local_at + local_size + local_name_length + local_extra_length;
    if (member.data_offset > directory_at || member.compressed_size > directory_at - member.data_offset)
      zip.fail(named + ": its " + std::to_string(member.compressed_size) + " bytes of data at byte " +
               std::to_string(member.data_offset) + " run into the central directory at byte " +
               std::to_string(directory_at));
    names_.push_back(array_name);
    members_.push_back(member);
  }
}

NpzArchive NpzArchive::open(const std::string& path) { return NpzArchive(read_binary_file(path), path); }

bool NpzArchive::contains(const std::string& name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

NumericArray NpzArchive::array(const std::string& name) const {
  const auto found = std::find(names_.begin(), names_.end(), name);
  if (found == names_.end())
    throw Error(origin_ + ": no array '" + name + "' (arrays: " + (names_.empty() ? "none" : join(names_, ", ")) + ")");
  const Member& member = members_[static_cast<size_t>(found - names_.begin())];
  const std::string origin = origin_ + ":" + name;
  const std::string_view stored = std::string_view(bytes_).substr(member.data_offset, member.compressed_size);
  std::string inflated;
  if (member.method == 8) inflated = inflate_member(stored, member.size, origin);
  const std::string_view data = member.method == 8 ? std::string_view(inflated) : stored;
  const uLong crc = crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size());
  if (crc != member.crc) {
    char found_text[40];
    std::snprintf(found_text, sizeof found_text, "0x%08lx, expected 0x%08x", static_cast<unsigned long>(crc),
                  static_cast<unsigned>(member.crc));
    throw Error(origin + ": CRC-32 " + found_text + " (the archive is damaged)");
  }
  return parse_npy_bytes(data, origin);
}

namespace {

std::vector<std::pair<std::string, NumericArray>> every_array(const NpzArchive& archive) {
  std::vector<std::pair<std::string, NumericArray>> arrays;
  for (const std::string& name : archive.names()) arrays.emplace_back(name, archive.array(name));
  return arrays;
}

}  // namespace

std::vector<std::pair<std::string, NumericArray>> parse_npz(const std::string& bytes, const std::string& origin) {
  return every_array(NpzArchive(bytes, origin));
}

std::vector<std::pair<std::string, NumericArray>> read_npz(const std::string& path) {
  return every_array(NpzArchive::open(path));
}

}  // namespace sigvit
