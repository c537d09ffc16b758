#pragma once

#include <functional>
#include <string>

namespace sigvit {

// The BLAS behind LibTorch's matrix products and sigvit's own: whatever
// libblas.so.3 the system selects.
struct BlasInfo {
  std::string library;  // the file providing sgemm_, e.g. .../openblas-openmp/libblas.so.3
  std::string core;     // OpenBLAS's kernel set ("Haswell", "SkylakeX", "Prescott"); empty for another BLAS
  std::string config;   // OpenBLAS's build description ("OpenBLAS 0.3.21 DYNAMIC_ARCH ..."); empty otherwise

  bool is_openblas() const { return !core.empty(); }
  // "OpenBLAS 0.3.21, core Haswell" or the library's file name.
  std::string describe() const;
};

// Finds a symbol of the running process, as dlsym(RTLD_DEFAULT, name) does.
using SymbolLookup = std::function<void*(const char* name)>;

// Asks the loaded BLAS what it is. OpenBLAS's functions are looked up by name,
// so another BLAS (reference, BLIS, MKL) gives a BlasInfo without a core.
BlasInfo probe_blas(const SymbolLookup& lookup);
BlasInfo probe_blas();

}  // namespace sigvit
