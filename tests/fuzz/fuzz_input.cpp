#include "fuzz_input.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sigvit/error.h"

namespace sigvit::fuzzing {
namespace {

// This process's scratch folder, removed at exit.
struct ScratchFolder {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("sigvit-fuzz-" + std::to_string(::getpid()));
  ScratchFolder() { std::filesystem::create_directories(path); }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

std::string write_input(const uint8_t* data, size_t size, const std::string& name) {
  static const ScratchFolder folder;
  const std::string path = (folder.path / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

void expect_clean_rejection(const std::function<void()>& parse) {
  try {
    parse();
  } catch (const Error&) {
  }
}

}  // namespace sigvit::fuzzing
