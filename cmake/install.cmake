# Installs the CLI, the framework library, the built-in plugins, the SDK headers
# and a CMake package, so that plugins can be built outside this tree.
include(CMakePackageConfigHelpers)

set(SIGVIT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/sigvit)

install(TARGETS sigvit RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS sigvit_framework EXPORT sigvitTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS ${SIGVIT_BUILTIN_PLUGINS} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/${SIGVIT_PLUGIN_SUBDIR})
# The plugin SDK is the only public interface: include/sigvit/*.h.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/framework/include/sigvit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT sigvitTargets NAMESPACE sigvit:: DESTINATION ${SIGVIT_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sigvitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sigvitConfig.cmake INSTALL_DESTINATION ${SIGVIT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sigvitConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/sigvitConfig.cmake ${PROJECT_BINARY_DIR}/sigvitConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/SigvitPlugin.cmake DESTINATION ${SIGVIT_CMAKE_DIR})
