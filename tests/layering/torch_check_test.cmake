# The torch check of framework/CMakeLists.txt on a tree made here: a file of a
# torch-free folder that reaches LibTorch directly, or through a chain of
# project headers, is reported with the chain; torch-free includes are not.
# Usage: cmake -DSOURCE_DIR=<sigvit source> -DWORK_DIR=<scratch> -P torch_check_test.cmake
cmake_minimum_required(VERSION 3.18)
include(${SOURCE_DIR}/cmake/TorchCheck.cmake)

set(tree ${WORK_DIR}/torch_check_fixture)
file(REMOVE_RECURSE ${tree})
file(WRITE ${tree}/include/sigvit/error.h "#pragma once\n#include <stdexcept>\n")
file(WRITE ${tree}/include/sigvit/embedder.h "#pragma once\n#include <torch/nn/module.h>\n")
file(WRITE ${tree}/core/text.h "#pragma once\n#include \"sigvit/error.h\"\n#include <string>\n")
file(WRITE ${tree}/core/tensor_text.h "#pragma once\n#include \"core/text.h\"\n#include \"sigvit/embedder.h\"\n")
file(WRITE ${tree}/config/clean.cpp "#include \"core/text.h\"\n#include <vector>\n")
file(WRITE ${tree}/config/direct.cpp "#include <vector>\n#include <ATen/core/Tensor.h>\n")
file(WRITE ${tree}/config/indirect.h "#pragma once\n\n#include \"core/tensor_text.h\"\n")
set(roots ${tree} ${tree}/include)

sigvit_torch_includes(found FILES ${tree}/config/clean.cpp ${tree}/config/direct.cpp ${tree}/config/indirect.h
  ROOTS ${roots})
list(LENGTH found count)
if(NOT count EQUAL 2)
  message(FATAL_ERROR "expected the two files that reach LibTorch, found: ${found}")
endif()
if(NOT found MATCHES "config/direct\\.cpp:2: #include <ATen/core/Tensor\\.h>")
  message(FATAL_ERROR "the direct include was not reported with its line: ${found}")
endif()
if(NOT found MATCHES "config/indirect\\.h:3: #include \"core/tensor_text\\.h\" -> \"sigvit/embedder\\.h\" -> <torch/nn/module\\.h>")
  message(FATAL_ERROR "the include through two project headers was not reported with its chain: ${found}")
endif()

sigvit_torch_includes(found FILES ${tree}/config/clean.cpp ${tree}/core/text.h ROOTS ${roots})
if(found)
  message(FATAL_ERROR "a torch-free include was reported: ${found}")
endif()
file(REMOVE_RECURSE ${tree})
message(STATUS "torch check: both ways to LibTorch were found, the torch-free includes passed")
