# ConfWL as a CMake package, usable three ways:
# - add_subdirectory(confwl): the API is loaded right here, over the targets of this build;
# - find_package(ConfWL) with ConfWL_DIR=<build dir>: ConfWLConfig.cmake in the build tree;
# - find_package(ConfWL) from an installed prefix: <libdir>/cmake/ConfWL/ConfWLConfig.cmake.
# The build tree mirrors the install tree (bin/confwl, share/confwl/kernel/<preset>.elf), and the
# package files keep their relative layout (modules/, cmake/, templates/) in both.
# Uses CONFWL_KERNEL_PRESETS and the target confwl_kernels from cmake/ConfWLKernel.cmake.
include(CMakePackageConfigHelpers)

set(CONFWL_PACKAGE_DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/ConfWL")

# --- this build (add_subdirectory) ----------------------------------------------------------
if(NOT TARGET ConfWL::confwl)
  add_executable(ConfWL::confwl ALIAS confwl)
endif()
set_property(GLOBAL PROPERTY CONFWL_KERNEL_DIR "${CONFWL_BUILD_KERNELDIR}")
set_property(GLOBAL PROPERTY CONFWL_KERNEL_PRESETS "${CONFWL_KERNEL_PRESETS}")
set_property(GLOBAL PROPERTY CONFWL_KERNEL_TARGET confwl_kernels)  # from ConfWLKernel.cmake
# Headers workloads may include (confwl/attestation.h); the guest build gets only this directory.
set_property(GLOBAL PROPERTY CONFWL_GUEST_INCLUDE_DIR "${PROJECT_SOURCE_DIR}/include")
include("${PROJECT_SOURCE_DIR}/modules/ConfWL.cmake")

# --- package configuration files --------------------------------------------------------------
write_basic_package_version_file("${PROJECT_BINARY_DIR}/ConfWLConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)  # 0.x: a minor release may break the API

# Build tree: the executable and kernels of this build, the modules from the source tree.
set(CONFWL_CONFIG_EXECUTABLE "${CONFWL_BUILD_BINDIR}/confwl")
set(CONFWL_CONFIG_KERNEL_DIR "${CONFWL_BUILD_KERNELDIR}")
set(CONFWL_CONFIG_MODULE_DIR "${PROJECT_SOURCE_DIR}/modules")
set(CONFWL_CONFIG_INCLUDE_DIR "${PROJECT_SOURCE_DIR}/include")
configure_package_config_file(cmake/ConfWLConfig.cmake.in "${PROJECT_BINARY_DIR}/ConfWLConfig.cmake"
  INSTALL_DESTINATION "${PROJECT_BINARY_DIR}"
  INSTALL_PREFIX "${PROJECT_BINARY_DIR}"
  PATH_VARS CONFWL_CONFIG_EXECUTABLE CONFWL_CONFIG_KERNEL_DIR CONFWL_CONFIG_MODULE_DIR CONFWL_CONFIG_INCLUDE_DIR)

# Install tree: paths relative to the prefix, resolved from the config file's location.
set(CONFWL_CONFIG_EXECUTABLE "${CMAKE_INSTALL_BINDIR}/confwl")
set(CONFWL_CONFIG_KERNEL_DIR "${CMAKE_INSTALL_DATADIR}/confwl/kernel")
set(CONFWL_CONFIG_MODULE_DIR "${CONFWL_PACKAGE_DESTINATION}/modules")
set(CONFWL_CONFIG_INCLUDE_DIR "${CMAKE_INSTALL_INCLUDEDIR}")
configure_package_config_file(cmake/ConfWLConfig.cmake.in "${PROJECT_BINARY_DIR}/install-config/ConfWLConfig.cmake"
  INSTALL_DESTINATION "${CONFWL_PACKAGE_DESTINATION}"
  PATH_VARS CONFWL_CONFIG_EXECUTABLE CONFWL_CONFIG_KERNEL_DIR CONFWL_CONFIG_MODULE_DIR CONFWL_CONFIG_INCLUDE_DIR)

# --- install rules (bin/confwl and the kernels are installed by cli/ and ConfWLKernel.cmake) ---
install(FILES
    "${PROJECT_BINARY_DIR}/install-config/ConfWLConfig.cmake"
    "${PROJECT_BINARY_DIR}/ConfWLConfigVersion.cmake"
  DESTINATION "${CONFWL_PACKAGE_DESTINATION}")
install(FILES modules/ConfWL.cmake modules/ConfWLRunTest.cmake
  DESTINATION "${CONFWL_PACKAGE_DESTINATION}/modules")
install(FILES cmake/ConfWLGuestToolchain.cmake cmake/ConfWLGuestGlibcToolchain.cmake
  DESTINATION "${CONFWL_PACKAGE_DESTINATION}/cmake")
install(FILES include/confwl/attestation.h DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/confwl")
install(DIRECTORY templates/
  DESTINATION "${CONFWL_PACKAGE_DESTINATION}/templates")
