#pragma once

// A .npy file's header is a Python dict literal, written by numpy's repr();
// reading it here keeps the .npy reader free of Python and of any general
// parser, and lets damaged headers fail with the position of the damage.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sigvit {

// What a .npy header looks like; messages about a header show it.
inline constexpr char kNpyHeaderExample[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,)}";

struct PythonLiteral {
  enum class Kind { none, text, integer, boolean, tuple, list, dict };
  Kind kind = Kind::none;
  std::string text;
  int64_t integer = 0;
  bool boolean = false;
  std::vector<PythonLiteral> items;                            // tuple, list
  std::vector<std::pair<std::string, PythonLiteral>> entries;  // dict, in written order
};

// The literals numpy writes (strings, integers, True/False/None, tuples,
// lists, dicts), in any order and spacing; Python 2's `10L` included. Error
// "ORIGIN: unreadable .npy header at character N (...)" for anything else.
PythonLiteral parse_python_literal(std::string_view text, const std::string& origin);

}  // namespace sigvit
