#pragma once

#include <string>

namespace sigvit {

// `text` as a gnuplot single-quoted string (embedded quotes doubled).
std::string gnuplot_quoted(const std::string& text);

}  // namespace sigvit
