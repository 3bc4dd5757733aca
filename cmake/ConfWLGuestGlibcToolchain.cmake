# Toolchain for confidential workloads linked against glibc (LANGUAGE CXX, or LIBC glibc): static,
# non-PIE x86-64 Linux executables built with Clang against Debian's glibc (libc6-dev) and
# libstdc++ (libstdc++-<N>-dev, static archives included), linked with LLD, whatever compiler the
# host project uses. Musl has no C++ runtime on Debian, so C++ workloads use this one
# (cmake/ConfWLGuestToolchain.cmake is the musl one). Like that file it is loaded only in a
# workload's own build tree, configured with a clean environment by modules/ConfWL.cmake.
#
# Inputs (optional, cache or -D): CONFWL_GUEST_CLANG (the clang to use; clang++ is looked for next
# to it), CONFWL_GUEST_CLANGXX (the clang++ to use).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_LIBRARY_ARCHITECTURE x86_64-linux-gnu)

# CMake re-reads this file for each try_compile; hand the inputs on to those projects.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CONFWL_GUEST_CLANG CONFWL_GUEST_CLANGXX)

set(_confwl_guest_triple x86_64-linux-gnu)
set(_confwl_versions 19 18 17 16 15 14)
if(NOT CONFWL_GUEST_CLANG)
  list(TRANSFORM _confwl_versions PREPEND "clang-" OUTPUT_VARIABLE _confwl_names)
  find_program(CONFWL_GUEST_CLANG NAMES clang ${_confwl_names} DOC "Clang used to build confidential workloads")
endif()
if(NOT CONFWL_GUEST_CLANGXX)
  # The clang++ of the same installation first (clang-14 -> clang++-14), then any.
  get_filename_component(_confwl_clang_dir "${CONFWL_GUEST_CLANG}" DIRECTORY)
  get_filename_component(_confwl_clang_name "${CONFWL_GUEST_CLANG}" NAME)
  string(REPLACE "clang" "clang++" _confwl_clangxx_name "${_confwl_clang_name}")
  list(TRANSFORM _confwl_versions PREPEND "clang++-" OUTPUT_VARIABLE _confwl_names)
  find_program(CONFWL_GUEST_CLANGXX NAMES ${_confwl_clangxx_name} clang++ ${_confwl_names}
    HINTS "${_confwl_clang_dir}" DOC "Clang++ used to build C++ confidential workloads")
endif()
if(NOT CONFWL_GUEST_CLANG OR NOT CONFWL_GUEST_CLANGXX)
  message(FATAL_ERROR "ConfWL guest toolchain (glibc): clang and clang++ not found.\n"
    "Help: install them (Debian: apt-get install clang lld) or pass -DCONFWL_GUEST_CLANG=/path/to/clang "
    "-DCONFWL_GUEST_CLANGXX=/path/to/clang++.")
endif()

# The static archives the link needs; clang prints the bare name when it cannot find one.
foreach(_confwl_archive IN ITEMS libc.a libstdc++.a)
  execute_process(COMMAND "${CONFWL_GUEST_CLANGXX}" --target=${_confwl_guest_triple} -print-file-name=${_confwl_archive}
    OUTPUT_VARIABLE _confwl_found OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
  if(NOT IS_ABSOLUTE "${_confwl_found}" OR NOT EXISTS "${_confwl_found}")
    message(FATAL_ERROR "ConfWL guest toolchain (glibc): ${_confwl_archive} not found by ${CONFWL_GUEST_CLANGXX}.\n"
      "Help: install the static C and C++ libraries (Debian: apt-get install libc6-dev libstdc++-12-dev).")
  endif()
endforeach()

set(CMAKE_C_COMPILER "${CONFWL_GUEST_CLANG}")
set(CMAKE_C_COMPILER_TARGET ${_confwl_guest_triple})
set(CMAKE_CXX_COMPILER "${CONFWL_GUEST_CLANGXX}")
set(CMAKE_CXX_COMPILER_TARGET ${_confwl_guest_triple})
# -no-pie: an ET_EXEC the kernel loads at its link address; static-pie would need the kernel to
# relocate glibc's self-relocation start-up, which buys nothing inside a sealed VM.
# -no-pie is unused by a non-PIE clang; say so once instead of warning on every link.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -no-pie -fuse-ld=lld -Wno-unused-command-line-argument")
set(CMAKE_POSITION_INDEPENDENT_CODE OFF)

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
