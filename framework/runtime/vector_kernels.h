#pragma once

#include <string>

namespace sigvit {

// ATen's own vector kernels (LayerNorm, GELU, softmax, element-wise maths,
// the optimizer's arithmetic) exist for AVX2 and AVX-512; ATen uses AVX2
// unless the environment variable ATEN_CPU_CAPABILITY (avx512, avx2,
// default) says otherwise. This names the set in use: the variable if set,
// else "avx2" on a CPU with AVX2 and FMA, else "default". (LibTorch 1.13 does
// not export its own answer.)
std::string vector_kernels_selected();

}  // namespace sigvit
