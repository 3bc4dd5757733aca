# Toolchain for confidential workloads: static x86-64 Linux executables built with Clang against
# Debian's musl (musl-dev), compiler-rt builtins (libclang-rt-<N>-dev) and LLD, whatever compiler
# the host project uses. It is loaded only in a workload's own build tree (modules/ConfWL.cmake
# configures that tree with a clean environment), so nothing here reaches the host project.
#
# Inputs (optional, cache or -D): CONFWL_GUEST_CLANG (the clang to use), CONFWL_MUSL_ROOT
# (prefix holding usr/include/x86_64-linux-musl and usr/lib/x86_64-linux-musl; default "/").
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_LIBRARY_ARCHITECTURE x86_64-linux-musl)

# CMake re-reads this file for each try_compile; hand the inputs on to those projects.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES CONFWL_GUEST_CLANG CONFWL_MUSL_ROOT)

set(_confwl_guest_triple x86_64-linux-musl)
if(NOT CONFWL_GUEST_CLANG)
  find_program(CONFWL_GUEST_CLANG NAMES clang clang-19 clang-18 clang-17 clang-16 clang-15 clang-14
    DOC "Clang used to build confidential workloads")
  if(NOT CONFWL_GUEST_CLANG)
    message(FATAL_ERROR "ConfWL guest toolchain: clang not found.\n"
      "Help: install it (Debian: apt-get install clang lld) or pass -DCONFWL_GUEST_CLANG=/path/to/clang.")
  endif()
endif()
if(NOT CONFWL_MUSL_ROOT)
  set(CONFWL_MUSL_ROOT "/")
endif()
cmake_path(APPEND CONFWL_MUSL_ROOT usr include ${_confwl_guest_triple} OUTPUT_VARIABLE _confwl_musl_include)
cmake_path(APPEND CONFWL_MUSL_ROOT usr lib ${_confwl_guest_triple} OUTPUT_VARIABLE _confwl_musl_lib)
foreach(_confwl_file IN ITEMS "${_confwl_musl_include}/stdio.h" "${_confwl_musl_lib}/libc.a"
                               "${_confwl_musl_lib}/crt1.o" "${_confwl_musl_lib}/crti.o" "${_confwl_musl_lib}/crtn.o")
  if(NOT EXISTS "${_confwl_file}")
    message(FATAL_ERROR "ConfWL guest toolchain: ${_confwl_file} not found.\n"
      "Help: install Debian's musl (apt-get install musl-dev) or set CONFWL_MUSL_ROOT.")
  endif()
endforeach()

execute_process(COMMAND "${CONFWL_GUEST_CLANG}" --target=${_confwl_guest_triple} -print-resource-dir
  OUTPUT_VARIABLE _confwl_resource_dir OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${CONFWL_GUEST_CLANG}" --target=${_confwl_guest_triple} --rtlib=compiler-rt
  -print-libgcc-file-name
  OUTPUT_VARIABLE _confwl_builtins OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
if(NOT EXISTS "${_confwl_builtins}")
  message(FATAL_ERROR "ConfWL guest toolchain: compiler-rt builtins ${_confwl_builtins} not found.\n"
    "Help: install the compiler-rt of this clang (Debian: apt-get install libclang-rt-14-dev).")
endif()

set(CMAKE_C_COMPILER "${CONFWL_GUEST_CLANG}")
set(CMAKE_C_COMPILER_TARGET ${_confwl_guest_triple})
# Only musl's and clang's own headers: never the host's /usr/include (glibc).
set(CMAKE_C_FLAGS_INIT "-nostdinc -isystem ${_confwl_musl_include} -isystem ${_confwl_resource_dir}/include")
# The link line repeats the compile flags; -nostdinc (and -no-pie on a non-PIE clang) are unused there.
set(CMAKE_EXE_LINKER_FLAGS_INIT "--target=${_confwl_guest_triple} -static -no-pie -nostdlib -fuse-ld=lld \
-L${_confwl_musl_lib} -Wno-unused-command-line-argument")
# The C runtime is spelled out (clang has no musl driver on Debian); crti/crtn bracket .init.
set(CMAKE_C_LINK_EXECUTABLE
  "<CMAKE_C_COMPILER> <FLAGS> <CMAKE_C_LINK_FLAGS> <LINK_FLAGS> ${_confwl_musl_lib}/crt1.o ${_confwl_musl_lib}/crti.o <OBJECTS> -o <TARGET> <LINK_LIBRARIES> ${_confwl_musl_lib}/libc.a ${_confwl_builtins} ${_confwl_musl_lib}/crtn.o")

set(CMAKE_FIND_ROOT_PATH "${CONFWL_MUSL_ROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
