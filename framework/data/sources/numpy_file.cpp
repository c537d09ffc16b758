#include "data/sources/numpy_file.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string_view>

#include "core/text.h"
#include "data/sources/python_literal.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

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

Dtype parse_dtype(const PythonLiteral& descr, const std::string& origin) {
  if (descr.kind == PythonLiteral::Kind::list)
    throw Error(origin +
                ": a structured array (a dtype with named fields), which is not read; save each field as its "
                "own array: np.savez(path, **{name: arr[name] for name in arr.dtype.names})");
  if (descr.kind != PythonLiteral::Kind::text || descr.text.empty())
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

// ---------------------------------------------------------------------------
// .npy

// "(10, 3)", "(5,)", "()": as Python and numpy's own messages write shapes.
std::string python_shape(const std::vector<int64_t>& shape) {
  std::string out = "(";
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    if (axis > 0) out += ", ";
    out += std::to_string(shape[axis]);
  }
  return out + (shape.size() == 1 ? ",)" : ")");
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

const PythonLiteral& header_entry(const PythonLiteral& header, const std::string& key, const std::string& origin) {
  for (const auto& [name, value] : header.entries)
    if (name == key) return value;
  throw Error(origin + ": the .npy header has no '" + key + "', expected a dict like " + kNpyHeaderExample);
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

  const PythonLiteral header = parse_python_literal(bytes.substr(header_start, header_length), origin);
  if (header.kind != PythonLiteral::Kind::dict)
    throw Error(origin + ": the .npy header is not a dict, expected one like " + kNpyHeaderExample);
  const Dtype dtype = parse_dtype(header_entry(header, "descr", origin), origin);
  const PythonLiteral& fortran = header_entry(header, "fortran_order", origin);
  if (fortran.kind != PythonLiteral::Kind::boolean)
    throw Error(origin + ": the header's 'fortran_order' is not True or False");
  const PythonLiteral& shape = header_entry(header, "shape", origin);
  if (shape.kind != PythonLiteral::Kind::tuple && shape.kind != PythonLiteral::Kind::list)
    throw Error(origin + ": the header's 'shape' is not a tuple of integers like (10, 3)");

  NumericArray array;
  array.origin = origin;
  array.dtype = dtype.name;
  for (const PythonLiteral& extent : shape.items) {
    if (extent.kind != PythonLiteral::Kind::integer || extent.integer < 0)
      throw Error(origin + ": the header's 'shape' holds " +
                  (extent.kind == PythonLiteral::Kind::integer ? std::to_string(extent.integer)
                                                               : std::string("a non-integer")) +
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

}  // namespace

NumericArray parse_npy(const std::string& bytes, const std::string& origin) { return parse_npy_bytes(bytes, origin); }

NumericArray read_npy(const std::string& path) { return parse_npy_bytes(read_binary_file(path), path); }

NpzArchive::NpzArchive(std::string bytes, std::string origin)
    : bytes_(std::move(bytes)), origin_(std::move(origin)), members_(read_zip_directory(bytes_, origin_)) {
  constexpr std::string_view suffix(".npy");
  for (const ZipMember& member : members_) {
    const std::string& name = member.name;
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      throw Error(origin_ + ": member '" + name + "' is not a .npy array; an .npz holds NAME.npy members only");
    std::string array_name = name.substr(0, name.size() - suffix.size());
    if (contains(array_name)) throw Error(origin_ + ": array '" + array_name + "' appears twice in the archive");
    names_.push_back(std::move(array_name));
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
  const ZipMember& member = members_[static_cast<size_t>(found - names_.begin())];
  const std::string origin = origin_ + ":" + name;
  std::string inflated;
  const std::string_view data = zip_member_bytes(bytes_, member, inflated, origin);
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
