#pragma once

#include <string>
#include <vector>

namespace sigvit {

std::string trim(const std::string& text);
// Every field between separators, empty ones included.
std::vector<std::string> split_fields(const std::string& text, char separator);
// The whole of `field` (spaces around it allowed) as a finite number; "?" and
// "NaN" (any case) are missing values and give NaN when `allow_missing`.
// Throws sigvit::Error prefixed with `where` otherwise.
float parse_value(const std::string& field, const std::string& where, bool allow_missing);
// Ordering that compares runs of digits by value: "2" < "10", "a9" < "a10".
bool natural_less(const std::string& left, const std::string& right);

}  // namespace sigvit
