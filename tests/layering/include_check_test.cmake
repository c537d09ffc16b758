# The include check of framework/CMakeLists.txt on a tree made here: a lower
# layer that includes a higher one's header, in a header no source includes,
# is reported; the allowed includes are not.
# Usage: cmake -DSOURCE_DIR=<sigvit source> -DWORK_DIR=<scratch> -P include_check_test.cmake
cmake_minimum_required(VERSION 3.18)
include(${SOURCE_DIR}/cmake/LayerCheck.cmake)

set(tree ${WORK_DIR}/layering_fixture)
file(REMOVE_RECURSE ${tree})
file(WRITE ${tree}/data/load/sampler.h "#pragma once\n#include \"core/text.h\"\n#include <vector>\n")
file(WRITE ${tree}/data/load/leaky.h "#pragma once\n#include \"model/api/classifier.h\"\n")
file(WRITE ${tree}/data/load/sampler.cpp "#include \"data/load/sampler.h\"\n#include \"sigvit/error.h\"\n")

sigvit_layer_include_violations(found ${tree}/data/load data/load core sigvit)
list(LENGTH found count)
if(NOT count EQUAL 1 OR NOT found MATCHES "leaky\\.h: #include \"model/api/classifier\\.h\"")
  message(FATAL_ERROR "expected exactly the upward include of leaky.h, found: ${found}")
endif()

sigvit_layer_include_violations(found ${tree}/data/load data/load core sigvit model/api)
if(found)
  message(FATAL_ERROR "an allowed include was reported: ${found}")
endif()
file(REMOVE_RECURSE ${tree})
message(STATUS "include check: the upward include was found, the allowed ones passed")
