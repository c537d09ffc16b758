#pragma once

#include <exception>
#include <string>

namespace sigvit::testing {

// Runs `body` and returns the message of the exception it throws ("" if none).
template <typename Body>
std::string error_of(Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace sigvit::testing
