#include "data/sources/numeric_array.h"

namespace sigvit {

int64_t NumericArray::size() const {
  int64_t total = 1;
  for (int64_t extent : shape) total *= extent;
  return total;
}

}  // namespace sigvit
