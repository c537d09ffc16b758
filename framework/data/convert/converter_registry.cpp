#include "data/convert/converter_registry.h"

#include <algorithm>

#include "core/filled_once.h"
#include "core/text.h"
#include "data/sources/text_fields.h"
#include "sigvit/error.h"

namespace sigvit {

const std::string& ConverterArguments::text(const std::string& name) const {
  auto found = values_.find(name);
  if (found == values_.end()) throw Error("--" + name + " is required here");
  return found->second;
}

namespace {

// `parse` (std::stoll, std::stod) over the whole of `value`, or an Error
// naming the option and what it expected.
template <typename Parse>
auto parse_whole(const std::string& name, const std::string& value, const std::string& expected, Parse parse) {
  size_t used = 0;
  try {
    const auto parsed = parse(value, &used);
    if (used == value.size()) return parsed;
  } catch (const std::exception&) {
  }
  throw Error("--" + name + " " + value + ": expected " + expected);
}

}  // namespace

int64_t ConverterArguments::integer(const std::string& name) const {
  return parse_whole(name, text(name), "an integer",
                     [](const std::string& value, size_t* used) { return std::stoll(value, used); });
}

uint64_t ConverterArguments::unsigned_integer(const std::string& name) const {
  const int64_t value = integer(name);
  if (value < 0) throw Error("--" + name + " " + text(name) + ": expected a non-negative integer");
  return static_cast<uint64_t>(value);
}

double ConverterArguments::number(const std::string& name) const {
  return parse_whole(name, text(name), "a number",
                     [](const std::string& value, size_t* used) { return std::stod(value, used); });
}

std::vector<std::string> ConverterArguments::list(const std::string& name) const {
  std::vector<std::string> items;
  for (const auto& item : split_fields(text(name), ',')) items.push_back(trim(item));
  return items;
}

void ConverterRegistry::add(ConverterSpec spec) {
  if (spec.format.empty()) throw Error("a converter was registered without a format name");
  if (!spec.convert) throw Error("converter '" + spec.format + "' was registered without a function");
  if (entries_.count(spec.format)) throw Error("converter '" + spec.format + "' is already registered");
  std::string format = spec.format;
  entries_.emplace(format, std::move(spec));
}

const ConverterSpec& ConverterRegistry::find(const std::string& format) const {
  auto found = entries_.find(format);
  if (found == entries_.end()) throw Error(unknown_name("unknown FORMAT", format, formats(), "formats"));
  return found->second;
}

std::vector<std::string> ConverterRegistry::formats() const {
  std::vector<std::string> out;
  for (const auto& entry : entries_) out.push_back(entry.first);
  return out;
}

ConverterArguments ConverterRegistry::arguments(const std::string& format,
                                                const std::map<std::string, std::string>& given) const {
  const ConverterSpec& spec = find(format);
  std::map<std::string, std::string> values;
  for (const auto& option : spec.options) {
    if (!option.default_value.empty()) values[option.name] = option.default_value;
  }
  for (const auto& entry : given) {
    const std::string& name = entry.first;
    const bool known = std::any_of(spec.options.begin(), spec.options.end(),
                                   [&](const ConverterOption& option) { return option.name == name; });
    if (!known) throw Error("--" + name + " does not apply to format " + format);
    values[name] = entry.second;
  }
  return ConverterArguments(std::move(values));
}

const ConverterRegistry& builtin_converters() {
  return filled_once(add_builtin_converters);
}

}  // namespace sigvit
