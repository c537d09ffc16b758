#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigvit {

// A delimited text table as spreadsheets and pandas write it: a header row,
// fields separated by one character, optionally quoted ("a, b", with "" for a
// quote inside). Quoted fields may not span lines.
struct CsvTable {
  std::string path;
  char delimiter = ',';
  std::vector<std::string> header;  // trimmed, quotes removed
  std::vector<std::vector<std::string>> rows;  // as many fields as the header
  std::vector<int64_t> line_numbers;           // of each row, for messages

  // "path:line" of row `row`.
  std::string where(size_t row) const;
  // The column named `name`, or -1.
  int64_t column(const std::string& name) const;
};

// `delimiter` 0: the one of , ; tab | that splits the header row into the
// most fields outside quotes. Throws sigvit::Error naming file:line for a row
// of another width, an unterminated quote, or a file without rows.
CsvTable read_csv_table(const std::string& path, char delimiter = 0);

// The fields of one line: quotes removed, unquoted fields trimmed. Throws
// sigvit::Error prefixed with `where` on an unterminated quote.
std::vector<std::string> split_csv_line(const std::string& line, char delimiter, const std::string& where);

// "," ";" "tab" or "\t", "|", "space": the character; "auto": 0.
char parse_delimiter(const std::string& text);

}  // namespace sigvit
