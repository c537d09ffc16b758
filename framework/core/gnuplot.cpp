#include "core/gnuplot.h"

#include <cstdlib>
#include <filesystem>

#include "core/atomic_file.h"

namespace sigvit {
namespace {

// A word for /bin/sh: single-quoted, embedded quotes closed and escaped.
std::string shell_word(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string gnuplot_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

bool gnuplot_available() { return std::system("command -v gnuplot > /dev/null 2>&1") == 0; }

std::string render_gnuplot(const std::string& folder, const std::string& name, const std::string& script) {
  namespace fs = std::filesystem;
  write_text_atomically(folder + "/" + name + ".gp", script);
  const std::string command =
      "cd " + shell_word(folder) + " && gnuplot " + shell_word(name + ".gp") + " > " + shell_word(name + ".log") + " 2>&1";
  if (std::system(command.c_str()) != 0 || !fs::exists(folder + "/" + name + ".png.tmp")) {
    return "gnuplot failed on " + folder + "/" + name + ".gp (see " + name + ".log)";
  }
  fs::rename(folder + "/" + name + ".png.tmp", folder + "/" + name + ".png");
  fs::remove(folder + "/" + name + ".log");
  return "";
}

}  // namespace sigvit
