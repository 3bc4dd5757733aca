# The host libraries behind confwl_lib, as targets ConfWL's own host code links:
#   confwl_host_archive (libarchive), confwl_host_crypto (OpenSSL's libcrypto),
#   confwl_host_yaml (yaml-cpp), confwl_host_elf (libelf)
# With CONFWL_STATIC_HOST_LIBRARIES (default ON) each comes from its static archive where the
# Debian -dev package ships one (all four do), else from the shared library; glibc stays shared.
#
# Why: `confwl run` is a process start before every boot. Linked against the shared libraries,
# confwl maps 20 of them (libarchive alone pulls in libxml2, ICU, nettle, acl and five
# compressors that the run path never calls) and the dynamic loader resolves their symbols: about
# 4.3 ms of CPU per start, against about 1.3 ms linked from the archives, where the linker keeps
# only the objects confwl calls (of libarchive: the cpio reader and writer, which need only libc).
# bench/README.md has the figures.
#
# Only ConfWL-specific cache variables and targets are made: a project that add_subdirectory()s
# ConfWL keeps whatever OpenSSL or yaml-cpp its own find_package() calls give it.
option(CONFWL_STATIC_HOST_LIBRARIES
       "Link libarchive, libcrypto, yaml-cpp, libelf and libstdc++ from their static archives" ON)

find_package(yaml-cpp REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(LibArchive REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBELF REQUIRED IMPORTED_TARGET libelf)

# confwl_host_<name>: the archive ARCHIVE (plus EXTRA_ARCHIVES and EXTRA_LIBS it needs) found next
# to the shared library SHARED_FILE, with INCLUDE_DIRS; else SHARED_TARGET.
function(_confwl_host_library name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "ARCHIVE;SHARED_FILE;SHARED_TARGET"
                        "EXTRA_ARCHIVES;EXTRA_LIBS;INCLUDE_DIRS")
  add_library(confwl_host_${name} INTERFACE)
  if(CONFWL_STATIC_HOST_LIBRARIES)
    get_filename_component(shared_dir "${arg_SHARED_FILE}" DIRECTORY)
    string(MAKE_C_IDENTIFIER "${arg_ARCHIVE}" var)
    find_file(CONFWL_HOST_${var} "${arg_ARCHIVE}" HINTS "${shared_dir}" NO_CACHE)
    set(archives "${CONFWL_HOST_${var}}")
    foreach(extra IN LISTS arg_EXTRA_ARCHIVES)
      string(MAKE_C_IDENTIFIER "${extra}" extra_var)
      find_file(CONFWL_HOST_${extra_var} "${extra}" HINTS "${shared_dir}" NO_CACHE)
      list(APPEND archives "${CONFWL_HOST_${extra_var}}")
    endforeach()
    if(NOT archives MATCHES "NOTFOUND")
      target_link_libraries(confwl_host_${name} INTERFACE ${archives} ${arg_EXTRA_LIBS})
      target_include_directories(confwl_host_${name} SYSTEM INTERFACE ${arg_INCLUDE_DIRS})
      return()
    endif()
    message(STATUS "ConfWL: ${arg_ARCHIVE} (or what it needs) not found; linking ${name} shared")
  endif()
  target_link_libraries(confwl_host_${name} INTERFACE ${arg_SHARED_TARGET})
endfunction()

get_target_property(_confwl_yaml_includes yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
get_target_property(_confwl_yaml_file yaml-cpp LOCATION)
_confwl_host_library(yaml ARCHIVE libyaml-cpp.a SHARED_FILE "${_confwl_yaml_file}"
                     SHARED_TARGET yaml-cpp INCLUDE_DIRS ${_confwl_yaml_includes})
# libcrypto.a calls dlopen and pthreads (in glibc's libc since 2.34; named for older ones).
find_package(Threads REQUIRED)
_confwl_host_library(crypto ARCHIVE libcrypto.a SHARED_FILE "${OPENSSL_CRYPTO_LIBRARY}"
                     SHARED_TARGET OpenSSL::Crypto EXTRA_LIBS ${CMAKE_DL_LIBS} Threads::Threads
                     INCLUDE_DIRS ${OPENSSL_INCLUDE_DIR})
_confwl_host_library(archive ARCHIVE libarchive.a SHARED_FILE "${LibArchive_LIBRARIES}"
                     SHARED_TARGET LibArchive::LibArchive INCLUDE_DIRS ${LibArchive_INCLUDE_DIRS})
_confwl_host_library(elf ARCHIVE libelf.a EXTRA_ARCHIVES libz.a SHARED_FILE "${LIBELF_LINK_LIBRARIES}"
                     SHARED_TARGET PkgConfig::LIBELF INCLUDE_DIRS ${LIBELF_INCLUDE_DIRS})

# For executables: libstdc++ and libgcc from their archives too (not under the sanitizers, whose
# runtimes replace operator new and friends and expect the shared libstdc++).
function(confwl_link_static_runtime target)
  if(CONFWL_STATIC_HOST_LIBRARIES AND NOT CONFWL_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
