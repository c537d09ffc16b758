#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace sigvit::fuzzing {

// Writes the fuzzer's bytes to `name` in this process's scratch folder and
// returns its path: most parsers read files, as users give them.
std::string write_input(const uint8_t* data, size_t size, const std::string& name);

// Runs `parse`. A sigvit::Error is the expected answer to bad input; any
// other exception escapes, and libFuzzer reports it as a crash, as it does
// a sanitizer report, a hang or an allocation above -malloc_limit_mb.
void expect_clean_rejection(const std::function<void()>& parse);

}  // namespace sigvit::fuzzing
