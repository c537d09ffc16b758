#include "test_support.h"

#include <cstring>
#include <map>
#include <string>

#include "runtime/blas_info.h"
#include "runtime/kernel_choice.h"

namespace sigvit {
namespace {

CpuFeatures intel(bool avx512) {
  CpuFeatures cpu;
  cpu.vendor = "GenuineIntel";
  cpu.avx2 = true;
  cpu.avx512 = avx512;
  return cpu;
}

BlasInfo openblas(const std::string& core) {
  BlasInfo blas;
  blas.core = core;
  return blas;
}

// An environment holding exactly `variables`.
Environment environment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const char* name) -> const char* {
    auto found = variables.find(name);
    return found == variables.end() ? nullptr : found->second.c_str();
  };
}

TEST(KernelChoice, AGenericOpenBlasCoreOnAWiderCpuIsReplaced) {
  KernelChoice avx512 = choose_kernels(openblas("Prescott"), intel(true), environment({}));
  EXPECT_EQ(avx512.openblas_coretype, "SKYLAKEX");
  EXPECT_EQ(avx512.aten_capability, "avx512");
  KernelChoice avx2 = choose_kernels(openblas("Prescott"), intel(false), environment({}));
  EXPECT_EQ(avx2.openblas_coretype, "HASWELL");
  EXPECT_EQ(avx2.aten_capability, "");
  CpuFeatures amd = intel(false);
  amd.vendor = "AuthenticAMD";
  EXPECT_EQ(choose_kernels(openblas("Sandybridge"), amd, environment({})).openblas_coretype, "ZEN");
  // An AVX2 core on an AVX-512 CPU is weaker too.
  EXPECT_EQ(choose_kernels(openblas("Haswell"), intel(true), environment({})).openblas_coretype, "SKYLAKEX");
}

TEST(KernelChoice, ARecognisedCoreStands) {
  EXPECT_TRUE(choose_kernels(openblas("Haswell"), intel(false), environment({})).empty());
  EXPECT_TRUE(choose_kernels(openblas("Zen"), intel(false), environment({})).empty());
  KernelChoice skylake = choose_kernels(openblas("SkylakeX"), intel(true), environment({}));
  EXPECT_EQ(skylake.openblas_coretype, "");
  EXPECT_EQ(skylake.aten_capability, "avx512");
  // A CPU without AVX2 gets nothing wider than it runs.
  CpuFeatures old;
  EXPECT_TRUE(choose_kernels(openblas("Prescott"), old, environment({})).empty());
}

TEST(KernelChoice, WhatTheUserSetIsNeverReplaced) {
  KernelChoice user_core =
      choose_kernels(openblas("Prescott"), intel(true), environment({{"OPENBLAS_CORETYPE", "COOPERLAKE"}}));
  EXPECT_EQ(user_core.openblas_coretype, "");
  EXPECT_EQ(user_core.aten_capability, "avx512");
  KernelChoice user_aten =
      choose_kernels(openblas("Prescott"), intel(true), environment({{"ATEN_CPU_CAPABILITY", "avx2"}}));
  EXPECT_EQ(user_aten.openblas_coretype, "SKYLAKEX");
  EXPECT_EQ(user_aten.aten_capability, "");
}

TEST(KernelChoice, NothingIsChosenTwice) {
  EXPECT_TRUE(choose_kernels(openblas("Prescott"), intel(true), environment({{"SIGVIT_KERNELS_CHOSEN", "1"}})).empty());
}

TEST(KernelChoice, AnotherBlasKeepsItsKernels) {
  KernelChoice reference = choose_kernels(BlasInfo{}, intel(true), environment({}));
  EXPECT_EQ(reference.openblas_coretype, "");
  EXPECT_EQ(reference.aten_capability, "avx512");
}

char prescott[] = "Prescott";
char config[] = "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64";
char* fake_corename() { return prescott; }
char* fake_config() { return config; }

TEST(BlasProbe, ABlasWithoutOpenBlasFunctionsHasNoCore) {
  const BlasInfo info = probe_blas([](const char*) -> void* { return nullptr; });
  EXPECT_FALSE(info.is_openblas());
  EXPECT_EQ(info.library, "");
  EXPECT_EQ(info.describe(), "unknown BLAS");
}

TEST(BlasProbe, OpenBlasIsAskedForItsCoreAndVersion) {
  const BlasInfo info = probe_blas([](const char* name) -> void* {
    if (std::strcmp(name, "openblas_get_corename") == 0) return reinterpret_cast<void*>(&fake_corename);
    if (std::strcmp(name, "openblas_get_config") == 0) return reinterpret_cast<void*>(&fake_config);
    return nullptr;
  });
  EXPECT_TRUE(info.is_openblas());
  EXPECT_EQ(info.core, "Prescott");
  EXPECT_EQ(info.describe(), "OpenBLAS 0.3.21, core Prescott");
}

TEST(BlasProbe, TheInstalledBlasIsOpenBlasAndComputesCorrectly) {
  // tools/setup installs OpenBLAS as the system BLAS.
  const BlasInfo info = probe_blas();
  EXPECT_TRUE(info.is_openblas()) << info.library;
  EXPECT_THAT(info.library, ::testing::HasSubstr("openblas"));
  EXPECT_TRUE(blas_matches_reference());
  EXPECT_THAT(report_kernels().describe(), ::testing::HasSubstr(info.core));
}

}  // namespace
}  // namespace sigvit
