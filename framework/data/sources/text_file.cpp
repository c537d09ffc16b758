#include "data/sources/text_file.h"

#include "sigvit/error.h"

namespace sigvit {

TextFile::TextFile(const std::string& path) : path_(path), stream_(path) {
  if (!stream_) throw Error(path + ": cannot open for reading");
}

bool TextFile::next(std::string& line) {
  if (!std::getline(stream_, line)) return false;
  ++line_number_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

std::string TextFile::where() const { return path_ + ":" + std::to_string(line_number_); }

void TextFile::fail(const std::string& message) const { throw Error(where() + ": " + message); }

}  // namespace sigvit
