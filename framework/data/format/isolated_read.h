#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace sigvit {

// Runs `read` in a child process and returns the strings it produced. For
// library code that is not safe on damaged input: libhdf5 1.10 hangs, or
// copies between overlapping ranges, reading some damaged variable-length
// strings (found by fuzzing). A child that crashes, or does not finish
// within `timeout`, is an Error naming `what`; so is an exception `read`
// throws, with its message. The parent's memory is never touched.
std::vector<std::string> read_in_child(const std::function<std::vector<std::string>()>& read,
                                       const std::string& what,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(3));

}  // namespace sigvit
