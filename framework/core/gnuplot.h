#pragma once

#include <string>

namespace sigvit {

// `text` as a gnuplot single-quoted string (embedded quotes doubled).
std::string gnuplot_quoted(const std::string& text);

bool gnuplot_available();

// Writes FOLDER/NAME.gp and runs gnuplot on it there. The script must set its
// output to NAME.png.tmp, which becomes NAME.png only when gnuplot succeeded,
// so a failed drawing never leaves a half-written image. Returns "" or what
// went wrong (gnuplot's messages stay in NAME.log).
std::string render_gnuplot(const std::string& folder, const std::string& name, const std::string& script);

}  // namespace sigvit
