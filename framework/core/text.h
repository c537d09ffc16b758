#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigvit {

// 85802501 -> "85,802,501"
std::string with_thousands(int64_t value);

std::string join(const std::vector<std::string>& parts, const std::string& separator);

// "[1, 197, 768]"
std::string shape_to_string(const std::vector<int64_t>& shape);

// The whole content of a text file; Error naming `path` when it cannot be read.
std::string read_text_file(const std::string& path);

// The candidate closest to `word` by edit distance, or "" when none is close
// enough to be a plausible typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace sigvit
