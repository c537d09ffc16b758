# sigvit_add_plugin(NAME SOURCES...)
#
# Builds an embedder plugin: a shared library lib<NAME>.so that sigvit loads
# at run time (list it under `plugins:` in a config, or pass it to
# `sigvit plugins --load`). Link further libraries with target_link_libraries.
function(sigvit_add_plugin name)
  if(NOT ARGN)
    message(FATAL_ERROR "sigvit_add_plugin(${name}): no source files given")
  endif()
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE sigvit::framework)
  target_compile_features(${name} PRIVATE cxx_std_17)
  set_target_properties(${name} PROPERTIES PREFIX "lib")
endfunction()
