#include "runtime/blas_info.h"

#include <dlfcn.h>

#include <filesystem>

namespace sigvit {

std::string BlasInfo::describe() const {
  if (!is_openblas()) return library.empty() ? "unknown BLAS" : std::filesystem::path(library).filename().string();
  // The first two words of the config are "OpenBLAS <version>".
  std::string name = "OpenBLAS";
  if (config.rfind("OpenBLAS ", 0) == 0) name = config.substr(0, config.find(' ', 9));
  return name + ", core " + core;
}

BlasInfo probe_blas(const SymbolLookup& lookup) {
  BlasInfo info;
  if (void* gemm = lookup("sgemm_")) {
    Dl_info where{};
    if (dladdr(gemm, &where) != 0 && where.dli_fname) {
      std::error_code ignored;
      info.library = std::filesystem::weakly_canonical(where.dli_fname, ignored).string();
    }
  }
  using TextFunction = char* (*)();
  if (auto corename = reinterpret_cast<TextFunction>(lookup("openblas_get_corename"))) {
    if (const char* core = corename()) info.core = core;
  }
  if (auto config = reinterpret_cast<TextFunction>(lookup("openblas_get_config"))) {
    if (const char* text = config()) info.config = text;
  }
  return info;
}

BlasInfo probe_blas() {
  // OpenBLAS's own functions are asked of the library that provides sgemm_:
  // another OpenBLAS build may be loaded beside it (libopenblas.so.0).
  void* handle = nullptr;
  Dl_info where{};
  if (void* gemm = dlsym(RTLD_DEFAULT, "sgemm_"); gemm && dladdr(gemm, &where) != 0 && where.dli_fname) {
    handle = dlopen(where.dli_fname, RTLD_NOW | RTLD_NOLOAD);
  }
  BlasInfo info = probe_blas([&](const char* name) { return dlsym(handle ? handle : RTLD_DEFAULT, name); });
  if (handle) dlclose(handle);
  return info;
}

}  // namespace sigvit
