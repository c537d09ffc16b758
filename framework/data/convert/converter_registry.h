#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "data/format/dataset_content.h"

namespace sigvit {

// One option of a converter, `--NAME VALUE` on the command line (`--NAME`
// alone for a flag). An empty default means "not set".
struct ConverterOption {
  std::string name;
  std::string default_value;
  std::string description;
  bool flag = false;
};

// The option values of one conversion as text, defaults filled in; each
// reader throws sigvit::Error naming `--NAME` for a value of the wrong kind.
class ConverterArguments {
 public:
  explicit ConverterArguments(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  const std::string& text(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  uint64_t unsigned_integer(const std::string& name) const;
  double number(const std::string& name) const;
  bool flag(const std::string& name) const { return has(name) && text(name) == "true"; }
  // "a, b,c" -> {"a", "b", "c"}
  std::vector<std::string> list(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
};

using ConvertFunction =
    std::function<DatasetContent(const std::vector<std::string>& inputs, const ConverterArguments& arguments)>;

// What `sigvit convert FORMAT` runs for one format.
struct ConverterSpec {
  std::string format;
  std::string description;
  std::string inputs;  // what INPUT... are, for --list and --help
  std::vector<ConverterOption> options;
  ConvertFunction convert;
};

// Maps a FORMAT name to its converter, as the embedder registry maps an
// embedder name to its builder.
class ConverterRegistry {
 public:
  // Throws sigvit::Error if the format is empty, taken, or has no function.
  void add(ConverterSpec spec);
  // Throws sigvit::Error naming the closest format and listing them all.
  const ConverterSpec& find(const std::string& format) const;
  std::vector<std::string> formats() const;
  const std::map<std::string, ConverterSpec>& entries() const { return entries_; }

  // The arguments of `format` from the options the user gave: each must be
  // one of the format's (Error naming the option and the format otherwise),
  // and every option left out that has a default gets it.
  ConverterArguments arguments(const std::string& format, const std::map<std::string, std::string>& given) const;

 private:
  std::map<std::string, ConverterSpec> entries_;
};

// ucr, idx, wav and csv.
void add_builtin_converters(ConverterRegistry& registry);
const ConverterRegistry& builtin_converters();

}  // namespace sigvit
