#pragma once

#include <stdexcept>
#include <string>

namespace sigvit {

/// Every error a user can cause derives from Error; the CLI prints what() and
/// exits non-zero, so messages must name the file, key or field at fault.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A configuration value is missing, unknown or of the wrong type.
class ConfigError : public Error {
 public:
  using Error::Error;
};

}  // namespace sigvit
