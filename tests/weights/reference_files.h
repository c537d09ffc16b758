#pragma once

#include <torch/types.h>

#include <string>

namespace sigvit::testing {

// The folder reference_vit.py wrote before the tests ran (a CTest fixture),
// or "" with the reason in `why` when Python's torchvision was missing.
std::string reference_dir(std::string* why);

// A tensor of reference.safetensors: "input", "logits", "table_14", "table_16".
torch::Tensor reference_tensor(const std::string& name);

}  // namespace sigvit::testing

// Skips the test, saying why, when the reference files could not be made.
#define SIGVIT_REQUIRE_REFERENCE_FILES()                          \
  do {                                                           \
    std::string why_missing;                                     \
    if (::sigvit::testing::reference_dir(&why_missing).empty()) { \
      GTEST_SKIP() << why_missing;                               \
    }                                                            \
  } while (false)
