#include "data/sources/csv_table.h"

#include <algorithm>

#include "data/sources/text_fields.h"
#include "data/sources/text_file.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

size_t unquoted_count(const std::string& line, char delimiter) {
  size_t count = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == delimiter && !quoted) ++count;
  }
  return count;
}

char sniff_delimiter(const std::string& header) {
  char best = ',';
  size_t most = 0;
  for (char candidate : {',', ';', '\t', '|'}) {
    const size_t count = unquoted_count(header, candidate);
    if (count > most) {
      most = count;
      best = candidate;
    }
  }
  return best;
}

}  // namespace

std::string CsvTable::where(size_t row) const { return path + ":" + std::to_string(line_numbers.at(row)); }

int64_t CsvTable::column(const std::string& name) const {
  const auto found = std::find(header.begin(), header.end(), name);
  return found == header.end() ? -1 : static_cast<int64_t>(found - header.begin());
}

std::vector<std::string> split_csv_line(const std::string& line, char delimiter, const std::string& where) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && trim(field).empty()) {
      quoted = was_quoted = true;
      field.clear();
    } else if (c == delimiter) {
      fields.push_back(was_quoted ? field : trim(field));
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  if (quoted) throw Error(where + ": a quoted field is not closed on its line (quoted fields may not span lines)");
  fields.push_back(was_quoted ? field : trim(field));
  return fields;
}

char parse_delimiter(const std::string& text) {
  if (text == "auto") return 0;
  if (text == "tab" || text == "\\t" || text == "\t") return '\t';
  if (text == "space") return ' ';
  if (text.size() == 1 && text[0] != '"') return text[0];
  throw Error("--delimiter " + text + ": expected one character, tab, space or auto");
}

CsvTable read_csv_table(const std::string& path, char delimiter) {
  TextFile file(path);
  CsvTable table;
  table.path = path;
  std::string line;
  while (file.next(line) && trim(line).empty()) {
  }
  // A UTF-8 byte-order mark, as Excel writes it.
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  if (trim(line).empty()) throw Error(path + ": empty, expected a header row");
  table.delimiter = delimiter ? delimiter : sniff_delimiter(line);
  table.header = split_csv_line(line, table.delimiter, file.where());
  while (file.next(line)) {
    if (trim(line).empty()) continue;
    std::vector<std::string> fields = split_csv_line(line, table.delimiter, file.where());
    if (fields.size() != table.header.size())
      file.fail(std::to_string(fields.size()) + " fields, expected " + std::to_string(table.header.size()) +
                " as in the header (delimiter '" + (table.delimiter == '\t' ? std::string("tab")
                                                                           : std::string(1, table.delimiter)) +
                "'; --delimiter sets another)");
    table.rows.push_back(std::move(fields));
    table.line_numbers.push_back(file.line_number());
  }
  if (table.rows.empty()) throw Error(path + ": no rows after the header");
  return table;
}

}  // namespace sigvit
