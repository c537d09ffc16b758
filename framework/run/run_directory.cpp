#include "run/run_directory.h"

#include <filesystem>
#include <system_error>

#include "sigvit/error.h"

namespace fs = std::filesystem;

namespace sigvit {
namespace {

std::string candidate(const std::string& output, int index) {
  return index == 1 ? output : output + "-" + std::to_string(index);
}

}  // namespace

std::string create_run_directory(const std::string& output) {
  for (int index = 1;; ++index) {
    const std::string path = candidate(output, index);
    std::error_code error;
    if (fs::exists(path, error)) {
      if (fs::is_directory(path) && fs::is_empty(path)) return path;
      continue;
    }
    const fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, error);
    // create_directory fails when another process took the name first.
    if (fs::create_directory(path, error)) return path;
    if (error) throw Error("cannot create run directory '" + path + "': " + error.message());
  }
}

std::string find_resumable_run(const std::string& output) {
  std::string found = fs::exists(output + "/last.ckpt") ? output : "";
  for (int index = 2; fs::exists(candidate(output, index)); ++index) {
    if (fs::exists(candidate(output, index) + "/last.ckpt")) found = candidate(output, index);
  }
  if (found.empty()) {
    throw Error("--resume: no run of '" + output + "' to resume (no " + output + "/last.ckpt, nor in " + output +
                "-N); start it without --resume");
  }
  return found;
}

}  // namespace sigvit
