#include "data/sources/file_name_pattern.h"

#include <algorithm>

#include "sigvit/error.h"

namespace sigvit {

FileNamePattern::FileNamePattern(const std::string& pattern) : text_(pattern) {
  std::string expression;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const size_t close = pattern.find('}', i);
      const std::string field = pattern.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1);
      if (close == std::string::npos || (field != "label" && field != "speaker" && field != "index"))
        throw Error("--pattern " + pattern + ": expected fields {label}, {speaker} or {index}");
      if (has(field)) throw Error("--pattern " + pattern + ": {" + field + "} appears twice");
      fields_.push_back(field);
      expression += field == "index" ? "([0-9]+)" : "(.+?)";
      i = close + 1;
    } else {
      if (std::string("\\^$.|?*+()[]{}").find(pattern[i]) != std::string::npos) expression += '\\';
      expression += pattern[i++];
    }
  }
  if (!has("label")) throw Error("--pattern " + pattern + ": expected a {label} field");
  regex_ = std::regex(expression);
}

bool FileNamePattern::has(const std::string& field) const {
  return std::find(fields_.begin(), fields_.end(), field) != fields_.end();
}

std::optional<FileNameFields> FileNamePattern::match(const std::string& file_name) const {
  std::smatch groups;
  if (!std::regex_match(file_name, groups, regex_)) return std::nullopt;
  FileNameFields fields;
  for (size_t i = 0; i < fields_.size(); ++i) {
    const std::string value = groups[i + 1].str();
    if (fields_[i] == "label") fields.label = value;
    if (fields_[i] == "speaker") fields.speaker = value;
    if (fields_[i] == "index") fields.index = std::stoll(value);
  }
  return fields;
}

}  // namespace sigvit
