#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigvit {

/// "[1, 197, 768]": how every message of sigvit and its plugins writes a shape.
std::string shape_to_string(const std::vector<int64_t>& shape);

}  // namespace sigvit
