#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace sigvit {

// What a file name tells about its case.
struct FileNameFields {
  std::string label;
  std::string speaker;
  std::optional<int64_t> index;
};

// A file-name pattern such as "{label}_{speaker}_{index}.wav": {label} is
// required, {speaker} and {index} (digits) are optional, everything else is
// literal text.
class FileNamePattern {
 public:
  explicit FileNamePattern(const std::string& pattern);

  std::optional<FileNameFields> match(const std::string& file_name) const;
  bool has(const std::string& field) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::regex regex_;
  std::vector<std::string> fields_;  // in the order of the regex groups
};

}  // namespace sigvit
