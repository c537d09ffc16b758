# Installs the CLI, the framework library, the built-in plugins, the headers
# and a CMake package, so that plugins can be built outside this tree.
include(CMakePackageConfigHelpers)

set(SIGVIT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/sigvit)

install(TARGETS sigvit RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS sigvit_framework EXPORT sigvitTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sigvit)
install(TARGETS ${SIGVIT_BUILTIN_PLUGINS} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/${SIGVIT_PLUGIN_SUBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/framework/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sigvit
  FILES_MATCHING PATTERN "*.h" PATTERN "cli" EXCLUDE
  PATTERN "hdf5_io.h" EXCLUDE)  # internal: the only header that includes HDF5

install(EXPORT sigvitTargets NAMESPACE sigvit:: DESTINATION ${SIGVIT_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sigvitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sigvitConfig.cmake INSTALL_DESTINATION ${SIGVIT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sigvitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/sigvitConfig.cmake ${PROJECT_BINARY_DIR}/sigvitConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/SigvitPlugin.cmake DESTINATION ${SIGVIT_CMAKE_DIR})
