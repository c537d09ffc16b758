#include "weights/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "sigvit/error.h"
#include "sigvit/shape_text.h"

namespace sigvit {
namespace {

using json = nlohmann::json;

// A header longer than this is not a weight file (the largest published ones
// hold a few thousand tensors in well under a megabyte of JSON).
constexpr uint64_t max_header_bytes = 100ull << 20;

struct DtypeInfo {
  const char* name;
  torch::ScalarType type;
  size_t bytes;
};

constexpr DtypeInfo dtypes[] = {
    {"F64", torch::kFloat64, 8}, {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8}, {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2},    {"I8", torch::kInt8, 1},     {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

std::string known_dtypes() {
  std::string out;
  for (const auto& dtype : dtypes) out += (out.empty() ? "" : ", ") + std::string(dtype.name);
  return out;
}

const DtypeInfo* dtype_named(const std::string& name) {
  for (const auto& dtype : dtypes) {
    if (name == dtype.name) return &dtype;
  }
  return nullptr;
}

const DtypeInfo* dtype_of(torch::ScalarType type) {
  for (const auto& dtype : dtypes) {
    if (type == dtype.type) return &dtype;
  }
  return nullptr;
}

uint64_t read_u64_le(const uint8_t* bytes) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

// One tensor's entry of the header, checked.
struct Entry {
  std::string name;
  const DtypeInfo* dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

Entry parse_entry(const std::string& name, const json& value, uint64_t data_bytes, const std::string& origin) {
  const std::string where = origin + ": tensor '" + name + "'";
  if (!value.is_object()) throw Error(where + ": expected an object with dtype, shape and data_offsets");
  for (const char* key : {"dtype", "shape", "data_offsets"}) {
    if (!value.contains(key)) throw Error(where + ": missing '" + key + "'");
  }
  Entry entry{name, nullptr, {}, 0, 0};
  if (!value["dtype"].is_string()) throw Error(where + ": dtype must be a string");
  entry.dtype = dtype_named(value["dtype"].get<std::string>());
  if (!entry.dtype) {
    throw Error(where + ": unsupported dtype '" + value["dtype"].get<std::string>() + "' (expected one of " +
                known_dtypes() + ")");
  }
  if (!value["shape"].is_array()) throw Error(where + ": shape must be a list of sizes");
  uint64_t elements = 1;
  for (const json& size : value["shape"]) {
    if (!size.is_number_unsigned()) throw Error(where + ": shape must hold non-negative integers");
    const uint64_t extent = size.get<uint64_t>();
    if (extent > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
        (extent > 0 && elements > data_bytes / extent)) {
      throw Error(where + ": shape " + value["shape"].dump() + " holds more values than the file has bytes");
    }
    elements *= extent;
    entry.shape.push_back(static_cast<int64_t>(extent));
  }
  const json& offsets = value["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
      !offsets[1].is_number_unsigned()) {
    throw Error(where + ": data_offsets must be [begin, end], two non-negative integers");
  }
  entry.begin = offsets[0].get<uint64_t>();
  entry.end = offsets[1].get<uint64_t>();
  if (entry.begin > entry.end || entry.end > data_bytes) {
    throw Error(where + ": data_offsets [" + std::to_string(entry.begin) + ", " + std::to_string(entry.end) +
                "] lie outside the " + std::to_string(data_bytes) + " bytes of data");
  }
  if (entry.end - entry.begin != elements * entry.dtype->bytes) {
    throw Error(where + ": data_offsets span " + std::to_string(entry.end - entry.begin) + " bytes, but " +
                std::string(entry.dtype->name) + " " + value["shape"].dump() + " needs " +
                std::to_string(elements * entry.dtype->bytes));
  }
  return entry;
}

SafetensorsContent parse(const uint8_t* bytes, uint64_t size, const std::string& origin) {
  if (size < 8) throw Error(origin + ": not a safetensors file (shorter than its 8-byte header length)");
  const uint64_t header_bytes = read_u64_le(bytes);
  if (header_bytes > size - 8 || header_bytes > max_header_bytes) {
    throw Error(origin + ": not a safetensors file (its header length " + std::to_string(header_bytes) +
                " exceeds the file's " + std::to_string(size - 8) + " remaining bytes or the 100 MB limit)");
  }
  json header;
  try {
    header = json::parse(bytes + 8, bytes + 8 + header_bytes);
  } catch (const json::exception& e) {
    throw Error(origin + ": the safetensors header is not valid JSON (" + e.what() + ")");
  }
  if (!header.is_object()) throw Error(origin + ": the safetensors header must be a JSON object");

  const uint8_t* data = bytes + 8 + header_bytes;
  const uint64_t data_bytes = size - 8 - header_bytes;
  SafetensorsContent content;
  std::vector<Entry> entries;
  for (const auto& [name, value] : header.items()) {
    if (name == "__metadata__") {
      if (!value.is_object()) throw Error(origin + ": __metadata__ must be an object of strings");
      for (const auto& [key, text] : value.items()) {
        if (!text.is_string()) throw Error(origin + ": __metadata__." + key + " must be a string");
        content.metadata[key] = text.get<std::string>();
      }
      continue;
    }
    entries.push_back(parse_entry(name, value, data_bytes, origin));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < entries.size(); ++i) {
    if (entries[i].begin < entries[i - 1].end) {
      throw Error(origin + ": tensors '" + entries[i - 1].name + "' and '" + entries[i].name +
                  "' overlap in the data");
    }
  }
  for (const Entry& entry : entries) {
    torch::Tensor tensor = torch::empty(entry.shape, torch::TensorOptions().dtype(entry.dtype->type));
    if (entry.end > entry.begin) std::memcpy(tensor.data_ptr(), data + entry.begin, entry.end - entry.begin);
    content.tensors.emplace_back(entry.name, tensor);
  }
  return content;
}

// A read-only mapping of a whole file, unmapped on every path out.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("weights file '" + path + "': " + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      ::close(fd);
      throw Error("weights file '" + path + "': not a regular file");
    }
    size_ = static_cast<uint64_t>(info.st_size);
    if (size_ > 0) {
      void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped == MAP_FAILED) {
        const int error = errno;
        ::close(fd);
        throw Error("weights file '" + path + "': cannot map it (" + std::strerror(error) + ")");
      }
      data_ = static_cast<const uint8_t*>(mapped);
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace

SafetensorsContent read_safetensors(const std::string& path) {
  const MappedFile file(path);
  return parse(file.data(), file.size(), "safetensors file '" + path + "'");
}

SafetensorsContent parse_safetensors(const std::string& bytes, const std::string& origin) {
  return parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), origin);
}

std::string serialize_safetensors(const NamedTensors& tensors, const std::map<std::string, std::string>& metadata) {
  json header = json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> stored;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    if (name == "__metadata__" || header.contains(name)) {
      throw Error("safetensors: the tensor name '" + name + "' is reserved or given twice");
    }
    torch::Tensor cpu = tensor.detach().to(torch::kCPU);
    if (cpu.is_floating_point()) cpu = cpu.to(torch::kFloat32);
    const DtypeInfo* dtype = dtype_of(cpu.scalar_type());
    if (!dtype) throw Error("safetensors: tensor '" + name + "' has a dtype the format cannot hold");
    cpu = cpu.contiguous();
    const uint64_t bytes = static_cast<uint64_t>(cpu.numel()) * dtype->bytes;
    header[name] = {{"dtype", dtype->name}, {"shape", cpu.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    stored.push_back(cpu);
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  uint64_t length = text.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((length >> (8 * i)) & 0xff);
  out += text;
  for (const torch::Tensor& tensor : stored) {
    out.append(static_cast<const char*>(tensor.data_ptr()), tensor.numel() * tensor.element_size());
  }
  return out;
}

void write_safetensors(const std::string& path, const NamedTensors& tensors,
                       const std::map<std::string, std::string>& metadata) {
  const std::string bytes = serialize_safetensors(tensors, metadata);
  write_file_atomically(path, [&](const std::string& temporary) { write_bytes(temporary, bytes); });
}

}  // namespace sigvit
