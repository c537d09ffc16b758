#include "sigvit/options.h"

namespace sigvit {

int64_t Options::positive_integer(const std::string& key) const {
  const int64_t value = integer(key);
  if (value <= 0) fail(key, "expected a positive integer, got " + std::to_string(value));
  return value;
}

}  // namespace sigvit
