#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sigvit/shape_text.h"

namespace sigvit {

// 85802501 -> "85,802,501"
std::string with_thousands(int64_t value);

// One number through a printf pattern, e.g. format_number("%.2f", x).
std::string format_number(const char* pattern, double value);

std::string join(const std::vector<std::string>& parts, const std::string& separator);

// ASCII letters in lower case; other bytes (UTF-8 included) as they are.
std::string lowercase(std::string text);

// The whole content of a text file; Error naming `path` when it cannot be read.
std::string read_text_file(const std::string& path);

// The candidate closest to `word` by edit distance, or "" when none is close
// enough to be a plausible typo.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

// The one message for a name that is not among `known`:
//   "<unknown> '<name>' (did you mean '<closest>'?); <known_heading>: a, b, c"
// e.g. unknown_name("unknown embedder", "conv1d", names, "registered embedders").
// An empty `known` is listed as "none".
std::string unknown_name(const std::string& unknown, const std::string& name, const std::vector<std::string>& known,
                         const std::string& known_heading);

}  // namespace sigvit
