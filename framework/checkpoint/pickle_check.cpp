#include "checkpoint/pickle_check.h"

#include <caffe2/serialize/inline_container.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "sigvit/error.h"

namespace sigvit {
namespace {

// How an opcode's argument is laid out.
enum class Argument : uint8_t {
  unknown,
  none,
  fixed,        // `width` bytes
  counted,      // a `width`-byte little-endian length, then that many bytes
  line,         // up to a newline
  two_lines,    // module and name, each up to a newline
  memo_index,   // a `width`-byte index into the memo
};

struct Layout {
  Argument argument = Argument::unknown;
  uint8_t width = 0;
};

constexpr std::array<Layout, 256> opcode_layouts() {
  std::array<Layout, 256> layouts{};
  for (unsigned char op : {'(', '.', '0', '1', '2', 'N', 'R', 'a', 'b', 'd', '}', 'e', 'l', ']', 'o', 's', 't', ')',
                           'u', 'Q'}) {
    layouts[op] = {Argument::none, 0};
  }
  for (unsigned op : {0x81u, 0x85u, 0x86u, 0x87u, 0x88u, 0x89u, 0x8fu, 0x90u, 0x91u, 0x92u, 0x93u, 0x97u, 0x98u}) {
    layouts[op] = {Argument::none, 0};
  }
  layouts[0x94] = {Argument::none, 0};  // MEMOIZE
  layouts[0x80] = {Argument::fixed, 1};  // PROTO
  layouts['J'] = {Argument::fixed, 4};
  layouts['K'] = {Argument::fixed, 1};
  layouts['M'] = {Argument::fixed, 2};
  layouts['G'] = {Argument::fixed, 8};
  layouts[0x82] = {Argument::fixed, 1};
  layouts[0x83] = {Argument::fixed, 2};
  layouts[0x84] = {Argument::fixed, 4};
  layouts[0x95] = {Argument::fixed, 8};  // FRAME
  layouts['h'] = {Argument::memo_index, 1};
  layouts['j'] = {Argument::memo_index, 4};
  layouts['q'] = {Argument::memo_index, 1};
  layouts['r'] = {Argument::memo_index, 4};
  layouts['U'] = {Argument::counted, 1};
  layouts['T'] = {Argument::counted, 4};
  layouts['X'] = {Argument::counted, 4};
  layouts[0x8c] = {Argument::counted, 1};
  layouts[0x8d] = {Argument::counted, 8};
  layouts['B'] = {Argument::counted, 4};
  layouts['C'] = {Argument::counted, 1};
  layouts[0x8e] = {Argument::counted, 8};
  layouts[0x96] = {Argument::counted, 8};
  layouts[0x8a] = {Argument::counted, 1};
  layouts[0x8b] = {Argument::counted, 4};
  for (unsigned char op : {'I', 'L', 'S', 'V', 'F', 'P', 'g', 'p'}) layouts[op] = {Argument::line, 0};
  layouts['c'] = {Argument::two_lines, 0};
  layouts['i'] = {Argument::two_lines, 0};
  return layouts;
}

uint64_t little_endian(const uint8_t* bytes, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value |= static_cast<uint64_t>(bytes[i]) << (8 * i);
  return value;
}

std::string at_offset(size_t offset, uint8_t opcode) {
  char text[64];
  std::snprintf(text, sizeof text, "opcode 0x%02x at byte %zu", opcode, offset);
  return text;
}

}  // namespace

std::optional<std::string> oversized_pickle_field(const uint8_t* data, size_t size,
                                                  std::vector<std::string>* modules) {
  static constexpr std::array<Layout, 256> layouts = opcode_layouts();
  size_t position = 0;
  while (position < size) {
    const size_t offset = position;
    const uint8_t opcode = data[position++];
    const Layout layout = layouts[opcode];
    const size_t left = size - position;
    switch (layout.argument) {
      case Argument::unknown:
        return std::nullopt;
      case Argument::none:
        if (opcode == '.') return std::nullopt;  // STOP
        break;
      case Argument::fixed:
        if (left < layout.width) return at_offset(offset, opcode) + ": truncated";
        position += layout.width;
        break;
      case Argument::memo_index: {
        if (left < layout.width) return at_offset(offset, opcode) + ": truncated";
        const uint64_t index = little_endian(data + position, layout.width);
        // Each memo entry takes at least one opcode byte to make.
        if (index > size) {
          return at_offset(offset, opcode) + ": memo index " + std::to_string(index) + " in a pickle of " +
                 std::to_string(size) + " bytes";
        }
        position += layout.width;
        break;
      }
      case Argument::counted: {
        if (left < layout.width) return at_offset(offset, opcode) + ": truncated";
        const uint64_t length = little_endian(data + position, layout.width);
        position += layout.width;
        if (length > size - position) {
          return at_offset(offset, opcode) + ": a field of " + std::to_string(length) + " bytes with " +
                 std::to_string(size - position) + " left";
        }
        position += static_cast<size_t>(length);
        break;
      }
      case Argument::line:
      case Argument::two_lines:
        for (int lines = layout.argument == Argument::line ? 1 : 2; lines > 0; --lines) {
          const void* newline = std::memchr(data + position, '\n', size - position);
          if (newline == nullptr) return at_offset(offset, opcode) + ": line without end";
          const size_t end = static_cast<size_t>(static_cast<const uint8_t*>(newline) - data);
          if (modules && opcode == 'c' && lines == 2) {
            modules->emplace_back(reinterpret_cast<const char*>(data + position), end - position);
          }
          position = end + 1;
        }
        break;
    }
  }
  return std::nullopt;
}

namespace {

// Whether `line` is one a torch::serialize archive's class source holds: a
// class header, attribute annotations of plain types or archive classes, and
// the lists of parameters and buffers. LibTorch's TorchScript parser crashes
// on some damaged sources (found by fuzzing), so nothing else reaches it.
bool archive_source_line(const std::string& line) {
  static const std::string type = R"((?:str|int|float|bool|Tensor|NoneType|__torch__(?:\.[A-Za-z_][A-Za-z0-9_]*)+))";
  static const std::string annotation = "(?:" + type + R"(|(?:Tuple|List|Optional)\[)" + type + "(?:, " + type + R"()*\]))";
  static const std::regex allowed(R"(|class Module\(Module\):|  __annotations__ = \[\]|)"
                                  R"(  __annotations__\["[^"\\]*"\] = )" + annotation +
                                  R"(|  __(?:parameters|buffers)__ = \[(?:"[^"\\]*", )*\]|)"
                                  "  [A-Za-z_][A-Za-z0-9_]* : " + annotation);
  return std::regex_match(line, allowed);
}

// A TorchScript class an archive's code uses but does not define, a record
// stored twice, or source that is not an archive's: LibTorch's loader
// crashes on such archives.
std::optional<std::string> inconsistent_archive(const std::vector<std::string>& records,
                                                caffe2::serialize::PyTorchStreamReader& reader) {
  const std::set<std::string> names(records.begin(), records.end());
  if (names.size() != records.size()) return "a record name appears twice";
  static const std::regex reference(R"(__torch__((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\.[A-Za-z_][A-Za-z0-9_]*)");
  for (const std::string& record : records) {
    if (record.rfind("code/", 0) != 0 || record.size() < 3 || record.compare(record.size() - 3, 3, ".py") != 0) {
      continue;
    }
    const auto [bytes, size] = reader.getRecord(record);
    const std::string source(static_cast<const char*>(bytes.get()), size);
    std::istringstream lines(source);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
      if (!archive_source_line(line)) {
        return "record " + record + ", line " + std::to_string(number) + " is not what a checkpoint's code holds";
      }
    }
    for (auto match = std::sregex_iterator(source.begin(), source.end(), reference); match != std::sregex_iterator();
         ++match) {
      std::string module = (*match)[1].str();
      std::replace(module.begin(), module.end(), '.', '/');
      const std::string file = "code/__torch__" + module + ".py";
      if (!names.count(file)) return "record " + record + " uses " + match->str() + ", but there is no " + file;
    }
  }
  return std::nullopt;
}

}  // namespace

void check_checkpoint_archive(const std::string& path) {
  check_torch_archive(path, "checkpoint '" + path + "'", "a sigvit checkpoint");
}

void check_torch_archive(const std::string& path, const std::string& subject, const std::string& kind) {
  std::unique_ptr<caffe2::serialize::PyTorchStreamReader> reader;
  std::vector<std::string> records;
  // What LibTorch's own zip reader refuses, its loader must not see either:
  // it goes on to crash on some such archives.
  const auto refuse = [&](const std::exception& error) {
    std::string reason = error.what();
    if (const auto* torch_error = dynamic_cast<const c10::Error*>(&error)) reason = torch_error->what_without_backtrace();
    return Error(subject + " cannot be read: not " + kind + ", or truncated or corrupt (" +
                 reason.substr(0, reason.find('\n')) + ")");
  };
  try {
    reader = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
    records = reader->getAllRecords();
  } catch (const std::exception& error) {
    throw refuse(error);
  }
  // LibTorch's type parser dereferences a class it cannot find.
  std::optional<std::string> inconsistent;
  try {
    inconsistent = inconsistent_archive(records, *reader);
  } catch (const std::exception& error) {
    throw refuse(error);
  }
  if (inconsistent) throw Error(subject + " cannot be read: corrupt (" + *inconsistent + ")");
  for (const std::string& record : records) {
    if (record.size() < 4 || record.compare(record.size() - 4, 4, ".pkl") != 0) continue;
    std::optional<std::string> problem;
    std::vector<std::string> modules;
    try {
      const auto [bytes, size] = reader->getRecord(record);
      problem = oversized_pickle_field(static_cast<const uint8_t*>(bytes.get()), size, &modules);
    } catch (const std::exception& error) {
      throw refuse(error);
    }
    // A class the pickle builds must have its source, as in the code records.
    for (const std::string& module : modules) {
      if (problem || module.rfind("__torch__", 0) != 0) continue;
      std::string file = "code/" + module + ".py";
      std::replace(file.begin() + 5, file.end() - 3, '.', '/');
      if (std::find(records.begin(), records.end(), file) == records.end()) {
        problem = "it builds a " + module + " class, but there is no " + file;
      }
    }
    if (problem) {
      throw Error(subject + " cannot be read: corrupt (record " + record + ", " + *problem + ")");
    }
  }
}

}  // namespace sigvit
