// libFuzzer entry point of feed_mat (fuzz_parsers.h).

#include "fuzz_parsers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sigvit::fuzzing::feed_mat(data, size);
  return 0;
}
