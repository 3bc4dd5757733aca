# Builds the guest kernel once per preset (kernel-config/<preset>.yaml) in its own build tree,
# with Clang/LLD and cmake/ConfWLKernelToolchain.cmake: nothing here touches host targets or flags.
#
# Provides:
#   confwl_kernels            target that (re)builds every kernel
#   CONFWL_KERNEL_PRESETS     the preset names
#   CONFWL_KERNEL_FILES       ${CONFWL_BUILD_KERNELDIR}/<preset>.elf for each preset
# Each preset's YAML is copied next to its kernel (<preset>.yaml), in the build and install trees.
include(ExternalProject)

get_filename_component(_confwl_source_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

file(GLOB _confwl_kernel_preset_files CONFIGURE_DEPENDS "${_confwl_source_root}/kernel-config/*.yaml")
set(CONFWL_KERNEL_PRESETS "")
set(CONFWL_KERNEL_FILES "")
set(_confwl_kernel_yaml_files "")
foreach(_confwl_file IN LISTS _confwl_kernel_preset_files)
  get_filename_component(_confwl_preset "${_confwl_file}" NAME_WE)
  list(APPEND CONFWL_KERNEL_PRESETS "${_confwl_preset}")
  list(APPEND CONFWL_KERNEL_FILES "${CONFWL_BUILD_KERNELDIR}/${_confwl_preset}.elf")
  list(APPEND _confwl_kernel_yaml_files "${CONFWL_BUILD_KERNELDIR}/${_confwl_preset}.yaml")
endforeach()
if(NOT CONFWL_KERNEL_PRESETS)
  message(FATAL_ERROR "ConfWL: no kernel presets in ${_confwl_source_root}/kernel-config/")
endif()
list(JOIN CONFWL_KERNEL_PRESETS "|" _confwl_kernel_preset_arg)

ExternalProject_Add(confwl_kernels
  SOURCE_DIR "${_confwl_source_root}/kernel"
  BINARY_DIR "${CMAKE_BINARY_DIR}/kernel-build"
  PREFIX "${CMAKE_BINARY_DIR}/kernel-build/external"
  LIST_SEPARATOR "|"
  CMAKE_ARGS
    "-DCMAKE_TOOLCHAIN_FILE=${_confwl_source_root}/cmake/ConfWLKernelToolchain.cmake"
    "-DCONFWL_SOURCE_ROOT=${_confwl_source_root}"
    "-DCONFWL_KERNEL_OUTPUT_DIR=${CONFWL_BUILD_KERNELDIR}"
    "-DCONFWL_KERNEL_PRESETS=${_confwl_kernel_preset_arg}"
  # The kernel's own build system tracks its sources; always ask it (a no-op build is fast).
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${CONFWL_KERNEL_FILES} ${_confwl_kernel_yaml_files})

install(FILES ${CONFWL_KERNEL_FILES} ${_confwl_kernel_yaml_files}
        DESTINATION "${CMAKE_INSTALL_DATADIR}/confwl/kernel")
