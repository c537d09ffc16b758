#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace sigvit {

// A text file read line by line by a converter, so that its errors say
// "file:line: ...". Windows line endings are accepted.
class TextFile {
 public:
  explicit TextFile(const std::string& path);

  // The next line without its line ending; false at the end of the file.
  bool next(std::string& line);
  const std::string& path() const { return path_; }
  int64_t line_number() const { return line_number_; }
  // "path:line"
  std::string where() const;
  [[noreturn]] void fail(const std::string& message) const;

 private:
  std::string path_;
  std::ifstream stream_;
  int64_t line_number_ = 0;
};

}  // namespace sigvit
