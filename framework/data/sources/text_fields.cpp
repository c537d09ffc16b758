#include "data/sources/text_fields.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "sigvit/error.h"

namespace sigvit {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> split_fields(const std::string& text, char separator) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    fields.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return fields;
    start = end + 1;
  }
}

namespace {

bool is_missing_marker(const std::string& field) {
  if (field == "?") return true;
  if (field.size() != 3) return false;
  return std::tolower(field[0]) == 'n' && std::tolower(field[1]) == 'a' && std::tolower(field[2]) == 'n';
}

}  // namespace

float parse_value(const std::string& field, const std::string& where, bool allow_missing) {
  const std::string text = trim(field);
  if (is_missing_marker(text)) {
    if (allow_missing) return std::numeric_limits<float>::quiet_NaN();
    throw Error(where + ": missing value '" + text + "', expected a number");
  }
  char* end = nullptr;
  const float value = std::strtof(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size())
    throw Error(where + ": '" + text + "' is not a number");
  if (!std::isfinite(value)) throw Error(where + ": '" + text + "' is not a finite float32 number");
  return value;
}

bool natural_less(const std::string& left, const std::string& right) {
  size_t i = 0, j = 0;
  while (i < left.size() && j < right.size()) {
    if (std::isdigit(static_cast<unsigned char>(left[i])) && std::isdigit(static_cast<unsigned char>(right[j]))) {
      size_t i_end = i, j_end = j;
      while (i_end < left.size() && std::isdigit(static_cast<unsigned char>(left[i_end]))) ++i_end;
      while (j_end < right.size() && std::isdigit(static_cast<unsigned char>(right[j_end]))) ++j_end;
      // Compare by value without overflow: strip leading zeros, then longer is larger.
      std::string a = left.substr(i, i_end - i), b = right.substr(j, j_end - j);
      a.erase(0, std::min(a.find_first_not_of('0'), a.size() - 1));
      b.erase(0, std::min(b.find_first_not_of('0'), b.size() - 1));
      if (a.size() != b.size()) return a.size() < b.size();
      if (a != b) return a < b;
      i = i_end;
      j = j_end;
    } else {
      if (left[i] != right[j]) return left[i] < right[j];
      ++i;
      ++j;
    }
  }
  if (left.size() - i != right.size() - j) return left.size() - i < right.size() - j;
  return left < right;  // equal by value ("a01", "a1"): any fixed order will do
}

}  // namespace sigvit
