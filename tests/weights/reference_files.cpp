#include "reference_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "weights/safetensors.h"

namespace sigvit::testing {

std::string reference_dir(std::string* why) {
  const std::string dir = SIGVIT_REFERENCE_DIR;
  std::ifstream unavailable(dir + "/unavailable.txt");
  if (unavailable) {
    *why = std::string(std::istreambuf_iterator<char>(unavailable), std::istreambuf_iterator<char>());
    return "";
  }
  if (!std::filesystem::exists(dir + "/reference.safetensors")) {
    *why = "no reference files in " + dir + ": run the suite with ctest, whose fixture weights.reference_files writes them";
    return "";
  }
  return dir;
}

torch::Tensor reference_tensor(const std::string& name) {
  std::string why;
  const SafetensorsContent content = read_safetensors(reference_dir(&why) + "/reference.safetensors");
  for (const auto& [key, tensor] : content.tensors) {
    if (key == name) return tensor;
  }
  throw std::runtime_error("reference.safetensors has no tensor '" + name + "'");
}

}  // namespace sigvit::testing
