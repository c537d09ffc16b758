# sigvit_layer_include_violations(OUT FOLDER ALLOWED_DIRS...)
#
# Every #include "a/b/c.h" in the .h and .cpp files directly inside FOLDER
# whose directory (a/b) is not one of ALLOWED_DIRS, as "file:line: #include
# "a/b/c.h"" entries of the list OUT. Angle-bracket includes (system and
# third-party headers) are not checked.
#
# The compiler already refuses an upward include in any file it compiles (each
# layer's include path holds only what it may use); this check also covers a
# header that no source of its own layer includes.
function(sigvit_layer_include_violations out folder)
  set(allowed ${ARGN})
  set(violations "")
  file(GLOB files ${folder}/*.h ${folder}/*.cpp)
  foreach(file IN LISTS files)
    file(STRINGS ${file} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" included "${line}")
      get_filename_component(included_dir "${included}" DIRECTORY)
      if(NOT included_dir IN_LIST allowed)
        list(APPEND violations "${file}: #include \"${included}\"")
      endif()
    endforeach()
  endforeach()
  set(${out} "${violations}" PARENT_SCOPE)
endfunction()
