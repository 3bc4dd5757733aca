# ConfWL.cmake: the public CMake API of ConfWL (docs/cmake-api.md is written from the blocks below).
#
# Loaded by ConfWLConfig.cmake (find_package(ConfWL)) or by ConfWL's own top-level project
# (add_subdirectory). Whoever loads it first sets the global properties CONFWL_KERNEL_DIR and
# CONFWL_KERNEL_PRESETS and provides the executable target ConfWL::confwl.
#
# Nothing here sets variables, flags or link rules in the caller's scope: each workload is built
# in its own build tree with cmake/ConfWLGuestToolchain.cmake, configured with a clean
# environment, and only the whitelisted settings in _confwl_add_guest_build() cross over.
include_guard(GLOBAL)
include(ExternalProject)

set_property(GLOBAL PROPERTY _CONFWL_MODULE_DIR "${CMAKE_CURRENT_LIST_DIR}")

# --- argument checking (shared by the public functions) ---------------------------------------

function(_confwl_fail function subject message)
  message(FATAL_ERROR "${function}(${subject}): ${message}\n"
    "Help: the ConfWL CMake API (add_confidential_workload, confwl_add_test) is described in "
    "docs/cmake-api.md of ConfWL.")
endfunction()

# Rejects unknown keywords and keywords given without a value.
function(_confwl_check_keywords function subject prefix valid_keywords)
  if(DEFINED ${prefix}_UNPARSED_ARGUMENTS)
    list(GET ${prefix}_UNPARSED_ARGUMENTS 0 unknown)
    list(JOIN valid_keywords ", " valid)
    _confwl_fail(${function} "${subject}" "unknown keyword \"${unknown}\"; valid keywords: ${valid}.")
  endif()
  if(DEFINED ${prefix}_KEYWORDS_MISSING_VALUES)
    list(GET ${prefix}_KEYWORDS_MISSING_VALUES 0 keyword)
    _confwl_fail(${function} "${subject}" "keyword ${keyword} needs a value.")
  endif()
endfunction()

function(_confwl_require function subject keyword value)
  if("${value}" STREQUAL "")
    _confwl_fail(${function} "${subject}" "missing required keyword ${keyword}.")
  endif()
endfunction()

function(_confwl_require_one_of function subject keyword value valid_values)
  if(NOT value IN_LIST valid_values)
    list(JOIN valid_values ", " valid)
    _confwl_fail(${function} "${subject}" "${keyword} \"${value}\" is not supported; valid values: ${valid}.")
  endif()
endfunction()

function(_confwl_require_integer function subject keyword value minimum maximum)
  if(NOT value MATCHES "^[0-9]+$" OR value LESS minimum OR value GREATER maximum)
    _confwl_fail(${function} "${subject}"
      "${keyword} \"${value}\" is not valid; expected an integer from ${minimum} to ${maximum}.")
  endif()
endfunction()

# Sets out_var to the absolute path of an existing file named relative to the calling directory.
function(_confwl_existing_file function subject keyword path out_var)
  cmake_path(ABSOLUTE_PATH path BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
  if(NOT EXISTS "${path}" OR IS_DIRECTORY "${path}")
    _confwl_fail(${function} "${subject}" "${keyword} file \"${path}\" does not exist.")
  endif()
  set(${out_var} "${path}" PARENT_SCOPE)
endfunction()

# --- add_confidential_workload ----------------------------------------------------------------

#[=======================================================================[.md:
### add_confidential_workload

```cmake
add_confidential_workload(<name>
  MANIFEST <file.yaml>
  SOURCES <source>... | EXECUTABLE <static-elf>
  [LANGUAGE C|CXX]
  [LIBC musl|glibc]
  [FILES <guest-path>=<host-path>|<relative-path>...]
  [KERNEL_CONFIG <preset>]
  [SIGNING_KEY <key.pem> [AUTHOR_KEY <key.pem>]])
```

Builds `SOURCES` into a static x86-64 executable with Clang (in a build tree of its own: the
calling project's compilers, flags, variables and environment do not reach it), or takes the
prebuilt `EXECUTABLE`, then seals it with the kernel `<preset>`, the manifest and the sealed files
into `<name>.confwl`, `<name>.confwl.json` and `<name>.igvm` in the current binary directory
(`confwl seal`).

- `MANIFEST` (required): the workload's YAML manifest; relative to the current source directory.
- `SOURCES`: C or C++ sources of the workload; relative to the current source directory.
- `EXECUTABLE`: instead of `SOURCES`, a prebuilt static x86-64 ELF (e.g. `/usr/bin/busybox`),
  sealed byte for byte; `confwl seal` refuses, with the reason, one that is dynamically linked or
  not x86-64.
- `LANGUAGE`: `C` (default) or `CXX` (C++20 with libstdc++; C sources may be mixed in).
- `LIBC`: `musl` (the default for `C`) or `glibc` (the default and the only choice for `CXX`);
  either way the executable is linked statically and not as PIE.
- `FILES`: host files sealed read-only into the image, in addition to the manifest's `files:`.
  `<guest-path>=<host-path>` seals the host file (relative to the current source directory) at the
  absolute guest path; a bare relative path `dir/file` is sealed at `/dir/file`. A guest path may
  be given once across `FILES` and the manifest.
- `KERNEL_CONFIG`: the kernel preset the image depends on (default `minimal`); must be one of the
  presets ConfWL was built with and the same as the manifest's `kernel.preset`.
- `SIGNING_KEY`: an ECDSA P-384 private key (PEM; `confwl keygen --output key.pem` makes one):
  the sealer signs an SEV-SNP ID block over the image's launch digest with it (`confwl seal
  --id-key`) and records it in `<name>.confwl.json` (docs/attestation.md, "Signed images").
- `AUTHOR_KEY`: with `SIGNING_KEY`, an ECDSA P-384 author key that signs the ID key.

Creates the target `<name>` (in `ALL`) with the properties `CONFWL_IMAGE` (the sealed image),
`CONFWL_MANIFEST_JSON` (the sealer's JSON manifest with the SHA-384 measurements), `CONFWL_IGVM`
(`<name>.igvm`, the IGVM file of the image's measured launch),
`CONFWL_WORKLOAD_ELF` (the static executable) and `CONFWL_MANIFEST` (the YAML input).
#]=======================================================================]
function(add_confidential_workload name)
  set(function add_confidential_workload)
  set(one_value MANIFEST EXECUTABLE LANGUAGE LIBC KERNEL_CONFIG SIGNING_KEY AUTHOR_KEY)
  set(multi_value SOURCES FILES)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "${one_value}" "${multi_value}")
  _confwl_check_keywords(${function} "${name}" arg "${one_value};${multi_value}")
  if(NOT name MATCHES "^[A-Za-z0-9._-]+$")
    _confwl_fail(${function} "${name}" "the workload name must match [A-Za-z0-9._-]+.")
  endif()
  if(TARGET "${name}")
    _confwl_fail(${function} "${name}" "a target named \"${name}\" already exists.")
  endif()
  _confwl_require(${function} "${name}" MANIFEST "${arg_MANIFEST}")
  _confwl_existing_file(${function} "${name}" MANIFEST "${arg_MANIFEST}" manifest)
  if(NOT DEFINED arg_KERNEL_CONFIG)
    set(arg_KERNEL_CONFIG minimal)
  endif()
  get_property(presets GLOBAL PROPERTY CONFWL_KERNEL_PRESETS)
  _confwl_require_one_of(${function} "${name}" KERNEL_CONFIG "${arg_KERNEL_CONFIG}" "${presets}")
  _confwl_sealed_files(${function} "${name}" "${arg_FILES}" files)
  _confwl_signing_keys(${function} "${name}" "${arg_SIGNING_KEY}" "${arg_AUTHOR_KEY}" signing)

  if(DEFINED arg_EXECUTABLE)
    if(DEFINED arg_SOURCES)
      _confwl_fail(${function} "${name}" "SOURCES and EXECUTABLE exclude each other; give either the sources to build or a prebuilt static executable.")
    endif()
    foreach(keyword IN ITEMS LANGUAGE LIBC)
      if(DEFINED arg_${keyword})
        _confwl_fail(${function} "${name}" "${keyword} applies to SOURCES only; an EXECUTABLE is sealed as it is.")
      endif()
    endforeach()
    _confwl_existing_file(${function} "${name}" EXECUTABLE "${arg_EXECUTABLE}" workload_elf)
    add_custom_target(${name}-workload)  # nothing to build; keeps the target graph uniform
  else()
    _confwl_require(${function} "${name}" "SOURCES (or EXECUTABLE)" "${arg_SOURCES}")
    _confwl_guest_sources(${function} "${name}" "${arg_SOURCES}" "${one_value};${multi_value}" sources)
    _confwl_guest_language(${function} "${name}" "${arg_LANGUAGE}" "${arg_LIBC}" language libc)
    _confwl_add_guest_build(${name} "${sources}" ${language} ${libc} workload_elf)
  endif()
  _confwl_add_seal(${name} "${manifest}" "${workload_elf}" ${arg_KERNEL_CONFIG} "${files}" "${signing}")
  set_target_properties(${name} PROPERTIES CONFWL_MANIFEST "${manifest}" CONFWL_WORKLOAD_ELF "${workload_elf}")
endfunction()

# Sets out_var to the absolute paths of the existing source files.
function(_confwl_guest_sources function subject sources keywords out_var)
  set(absolute "")
  foreach(source IN LISTS sources)
    # A misspelt keyword after SOURCES lands in SOURCES: name it as the keyword it looks like.
    if(source MATCHES "^[A-Z][A-Z_]+$" AND NOT EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${source}")
      set(arg_UNPARSED_ARGUMENTS "${source}")
      _confwl_check_keywords(${function} "${subject}" arg "${keywords}")
    endif()
    _confwl_existing_file(${function} "${subject}" SOURCES "${source}" source)
    list(APPEND absolute "${source}")
  endforeach()
  set(${out_var} "${absolute}" PARENT_SCOPE)
endfunction()

# Checks LANGUAGE and LIBC and fills in their defaults: C with musl, CXX with glibc (Debian ships
# no C++ runtime for musl).
function(_confwl_guest_language function subject language libc out_language out_libc)
  if(language STREQUAL "")
    set(language C)
  endif()
  _confwl_require_one_of(${function} "${subject}" LANGUAGE "${language}" "C;CXX")
  if(libc STREQUAL "" AND language STREQUAL "CXX")
    set(libc glibc)
  elseif(libc STREQUAL "")
    set(libc musl)
  endif()
  _confwl_require_one_of(${function} "${subject}" LIBC "${libc}" "musl;glibc")
  if(language STREQUAL "CXX" AND NOT libc STREQUAL "glibc")
    _confwl_fail(${function} "${subject}" "LIBC \"${libc}\" is not supported with LANGUAGE CXX (there is no static C++ runtime for it); valid values with CXX: glibc.")
  endif()
  set(${out_language} "${language}" PARENT_SCOPE)
  set(${out_libc} "${libc}" PARENT_SCOPE)
endfunction()

# Turns FILES entries into `confwl seal --file <guest-path>=<absolute host path>` values. The
# sealer checks the guest paths themselves (the same rules as the manifest's files:).
function(_confwl_sealed_files function subject entries out_var)
  set(files "")
  foreach(entry IN LISTS entries)
    if(entry MATCHES "^([^=]*)=(.*)$")
      set(guest "${CMAKE_MATCH_1}")
      set(host "${CMAKE_MATCH_2}")
      if(NOT guest MATCHES "^/")
        _confwl_fail(${function} "${subject}" "FILES entry \"${entry}\": the guest path \"${guest}\" is not absolute; expected <guest-path>=<host-path>, e.g. /etc/app.conf=app.conf.")
      endif()
    else()
      set(guest "/${entry}")
      set(host "${entry}")
      cmake_path(IS_ABSOLUTE entry absolute)
      if(absolute OR entry MATCHES "(^|/)\\.\\.?(/|$)")
        _confwl_fail(${function} "${subject}" "FILES entry \"${entry}\": a path without a guest path must be relative to the source directory, without . or .. (it is sealed at the same path under /); otherwise write <guest-path>=<host-path>.")
      endif()
    endif()
    _confwl_existing_file(${function} "${subject}" FILES "${host}" host)
    list(APPEND files "${guest}=${host}")
  endforeach()
  set(${out_var} "${files}" PARENT_SCOPE)
endfunction()

# Sets out_var to the `confwl seal` options and key files (`--id-key;<key>[;--author-key;<key>]`);
# confwl checks that they are ECDSA P-384 keys when it seals.
function(_confwl_signing_keys function subject signing_key author_key out_var)
  set(options "")
  if(NOT signing_key STREQUAL "")
    _confwl_existing_file(${function} "${subject}" SIGNING_KEY "${signing_key}" signing_key)
    list(APPEND options --id-key "${signing_key}")
  endif()
  if(NOT author_key STREQUAL "")
    if(signing_key STREQUAL "")
      _confwl_fail(${function} "${subject}" "AUTHOR_KEY needs SIGNING_KEY: the author key signs the ID key.")
    endif()
    _confwl_existing_file(${function} "${subject}" AUTHOR_KEY "${author_key}" author_key)
    list(APPEND options --author-key "${author_key}")
  endif()
  set(${out_var} "${options}" PARENT_SCOPE)
endfunction()

# Builds the workload in its own tree under <binary dir>/confwl/<name>/ and sets out_elf to the
# executable it produces. The guest project is generated from templates/guest/CMakeLists.txt.in.
function(_confwl_add_guest_build name sources language libc out_elf)
  get_property(module_dir GLOBAL PROPERTY _CONFWL_MODULE_DIR)
  set(base "${CMAKE_CURRENT_BINARY_DIR}/confwl/${name}")
  set(CONFWL_GUEST_NAME "${name}")
  set(CONFWL_GUEST_LANGUAGES C)
  if(language STREQUAL "CXX")
    set(CONFWL_GUEST_LANGUAGES "C CXX")
  endif()
  set(CONFWL_GUEST_SOURCES "")
  foreach(source IN LISTS sources)
    string(APPEND CONFWL_GUEST_SOURCES "\n  \"${source}\"")
  endforeach()
  # Keeps the caller's paths out of the binary (assert messages), so images do not depend on them.
  set(CONFWL_GUEST_SOURCE_ROOT "${CMAKE_CURRENT_SOURCE_DIR}")
  configure_file("${module_dir}/../templates/guest/CMakeLists.txt.in" "${base}/src/CMakeLists.txt" @ONLY)

  # The whitelist: what crosses from the caller's configuration into the guest build tree.
  set(toolchain ConfWLGuestToolchain.cmake)
  if(libc STREQUAL "glibc")
    set(toolchain ConfWLGuestGlibcToolchain.cmake)
  endif()
  set(guest_settings
    "-DCMAKE_TOOLCHAIN_FILE=${module_dir}/../cmake/${toolchain}"
    "-DCMAKE_BUILD_TYPE=Release")
  get_property(guest_include_dir GLOBAL PROPERTY CONFWL_GUEST_INCLUDE_DIR)
  list(APPEND guest_settings "-DCONFWL_GUEST_INCLUDE_DIR=${guest_include_dir}")
  foreach(setting IN ITEMS CONFWL_GUEST_CLANG CONFWL_GUEST_CLANGXX CONFWL_MUSL_ROOT)
    if(${setting})
      list(APPEND guest_settings "-D${setting}=${${setting}}")
    endif()
  endforeach()
  # A single-configuration generator of the caller's family; its make program may cross over.
  if(CMAKE_GENERATOR MATCHES "Ninja")
    set(generator Ninja)
  else()
    set(generator "Unix Makefiles")
  endif()
  if(CMAKE_MAKE_PROGRAM AND generator STREQUAL CMAKE_GENERATOR)
    list(APPEND guest_settings "-DCMAKE_MAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}")
  endif()

  set(clean_environment "")
  foreach(variable IN ITEMS CC CXX CFLAGS CXXFLAGS CPPFLAGS LDFLAGS CPATH C_INCLUDE_PATH CPLUS_INCLUDE_PATH LIBRARY_PATH)
    list(APPEND clean_environment "--unset=${variable}")
  endforeach()
  set(elf "${base}/build/${name}")
  ExternalProject_Add(${name}-workload
    PREFIX "${base}"
    SOURCE_DIR "${base}/src"
    BINARY_DIR "${base}/build"
    # The caller's environment may carry host compiler settings (read by CMake when configuring,
    # by clang when compiling); the guest must not see them.
    CONFIGURE_COMMAND "${CMAKE_COMMAND}" -E env ${clean_environment}
                      "${CMAKE_COMMAND}" -G "${generator}" -S <SOURCE_DIR> -B <BINARY_DIR> ${guest_settings}
    BUILD_COMMAND "${CMAKE_COMMAND}" -E env ${clean_environment} "${CMAKE_COMMAND}" --build <BINARY_DIR>
    BUILD_ALWAYS TRUE
    BUILD_BYPRODUCTS "${elf}"
    INSTALL_COMMAND ""
    LOG_CONFIGURE TRUE
    LOG_OUTPUT_ON_FAILURE TRUE)
  set(${out_elf} "${elf}" PARENT_SCOPE)
endfunction()

# Seals the workload into <name>.confwl + <name>.confwl.json and creates the target <name>. The
# sealer's depfile names the host files the manifest's files: seals, so editing one reseals.
function(_confwl_add_seal name manifest workload_elf preset files signing)
  get_property(kernel_dir GLOBAL PROPERTY CONFWL_KERNEL_DIR)
  get_property(kernel_target GLOBAL PROPERTY CONFWL_KERNEL_TARGET)
  set(kernel "${kernel_dir}/${preset}.elf")
  set(image "${CMAKE_CURRENT_BINARY_DIR}/${name}.confwl")
  set(json "${image}.json")
  set(igvm "${CMAKE_CURRENT_BINARY_DIR}/${name}.igvm")
  set(depfile "${CMAKE_CURRENT_BINARY_DIR}/confwl/${name}/seal.d")
  file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/confwl/${name}")  # an EXECUTABLE has no guest build there
  set(file_options "")
  set(file_hosts "")
  foreach(file IN LISTS files)
    list(APPEND file_options --file "${file}")
    string(REGEX REPLACE "^[^=]*=" "" host "${file}")
    list(APPEND file_hosts "${host}")
  endforeach()
  add_custom_command(OUTPUT "${image}" "${json}" "${igvm}"
    COMMAND ConfWL::confwl seal --manifest "${manifest}" --workload "${workload_elf}"
            --output "${image}" --kernel-dir "${kernel_dir}" ${file_options} ${signing} --depfile "${depfile}"
    DEPENDS ConfWL::confwl "${kernel}" "${kernel_dir}/${preset}.yaml" "${manifest}" "${workload_elf}" ${file_hosts}
    DEPFILE "${depfile}"
    COMMENT "Sealing confidential workload ${name}"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${image}" "${json}" "${igvm}")
  add_dependencies(${name} ${name}-workload)
  if(kernel_target)
    add_dependencies(${name} ${kernel_target})
  endif()
  set_target_properties(${name} PROPERTIES CONFWL_IMAGE "${image}" CONFWL_MANIFEST_JSON "${json}"
                                           CONFWL_IGVM "${igvm}")
endfunction()

# --- confwl_add_test --------------------------------------------------------------------------

#[=======================================================================[.md:
### confwl_add_test

```cmake
confwl_add_test(<test-name>
  WORKLOAD <name>
  [ARGS <arg>...]
  [STDIN <file>]
  [EXPECT_EXIT_CODE <0..255>]
  [PASS_REGULAR_EXPRESSION <regex>...]
  [FAIL_REGULAR_EXPRESSION <regex>...]
  [TIMEOUT <seconds>]
  [ENGINE kvm|qemu|auto])
```

Adds a ctest test that boots the sealed image of `WORKLOAD` (a target made by
`add_confidential_workload`) with `confwl run <image> --timeout <seconds> [-- <arg>...]` and
passes when all of these hold:

- the exit status is exactly `EXPECT_EXIT_CODE` (default 0; a crash is 128+signal, e.g. 139;
  confwl's own timeout is 124 and its failure to run the image 125);
- if `PASS_REGULAR_EXPRESSION` is given, the output (the workload's stdout and confwl's stderr)
  matches at least one of them (as in ctest);
- the output matches none of `FAIL_REGULAR_EXPRESSION`.

`ARGS` are appended to the sealed argv at run time, which the workload's manifest must allow with
`runtime_args: true`. `STDIN` (relative to the current source directory) is fed to the workload;
without it the workload reads end-of-file. `TIMEOUT` defaults to 60 seconds; ctest's own timeout
is set 60 seconds above it so that confwl's message is what you see. `ENGINE` is passed to
`confwl run --engine`. The output is always printed, so `ctest --output-on-failure` shows it.
#]=======================================================================]
function(confwl_add_test test_name)
  set(function confwl_add_test)
  set(one_value WORKLOAD STDIN EXPECT_EXIT_CODE TIMEOUT ENGINE)
  set(multi_value ARGS PASS_REGULAR_EXPRESSION FAIL_REGULAR_EXPRESSION)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "${one_value}" "${multi_value}")
  _confwl_check_keywords(${function} "${test_name}" arg "${one_value};${multi_value}")
  _confwl_require(${function} "${test_name}" WORKLOAD "${arg_WORKLOAD}")
  if(NOT TARGET "${arg_WORKLOAD}")
    _confwl_fail(${function} "${test_name}" "WORKLOAD \"${arg_WORKLOAD}\" is not a target; declare it with add_confidential_workload() first.")
  endif()
  get_target_property(image "${arg_WORKLOAD}" CONFWL_IMAGE)
  if(NOT image)
    _confwl_fail(${function} "${test_name}" "WORKLOAD \"${arg_WORKLOAD}\" is not a confidential workload; declare it with add_confidential_workload().")
  endif()
  if(NOT DEFINED arg_EXPECT_EXIT_CODE)
    set(arg_EXPECT_EXIT_CODE 0)
  endif()
  if(NOT DEFINED arg_TIMEOUT)
    set(arg_TIMEOUT 60)
  endif()
  _confwl_require_integer(${function} "${test_name}" EXPECT_EXIT_CODE "${arg_EXPECT_EXIT_CODE}" 0 255)
  _confwl_require_integer(${function} "${test_name}" TIMEOUT "${arg_TIMEOUT}" 1 86400)
  if(DEFINED arg_ENGINE)
    _confwl_require_one_of(${function} "${test_name}" ENGINE "${arg_ENGINE}" "kvm;qemu;auto")
  endif()
  set(stdin /dev/null)
  if(DEFINED arg_STDIN)
    _confwl_existing_file(${function} "${test_name}" STDIN "${arg_STDIN}" stdin)
  endif()

  set(spec "${CMAKE_CURRENT_BINARY_DIR}/confwl-tests/${test_name}.cmake")
  file(WRITE "${spec}" "# Generated by confwl_add_test(${test_name}); read by ConfWLRunTest.cmake.\n")
  _confwl_append_spec("${spec}" CONFWL_IMAGE "${image}")
  _confwl_append_spec("${spec}" CONFWL_STDIN "${stdin}")
  _confwl_append_spec("${spec}" CONFWL_TIMEOUT "${arg_TIMEOUT}")
  _confwl_append_spec("${spec}" CONFWL_ENGINE "${arg_ENGINE}")
  _confwl_append_spec("${spec}" CONFWL_EXPECT_EXIT_CODE "${arg_EXPECT_EXIT_CODE}")
  _confwl_append_spec("${spec}" CONFWL_ARGS "${arg_ARGS}")
  _confwl_append_spec("${spec}" CONFWL_PASS_REGULAR_EXPRESSION "${arg_PASS_REGULAR_EXPRESSION}")
  _confwl_append_spec("${spec}" CONFWL_FAIL_REGULAR_EXPRESSION "${arg_FAIL_REGULAR_EXPRESSION}")

  get_property(module_dir GLOBAL PROPERTY _CONFWL_MODULE_DIR)
  add_test(NAME ${test_name}
    COMMAND "${CMAKE_COMMAND}" "-DCONFWL_EXECUTABLE=$<TARGET_FILE:ConfWL::confwl>"
            "-DCONFWL_TEST_SPEC=${spec}" -P "${module_dir}/ConfWLRunTest.cmake")
  math(EXPR ctest_timeout "${arg_TIMEOUT} + 60")
  set_tests_properties(${test_name} PROPERTIES TIMEOUT ${ctest_timeout})
endfunction()

# Returns value as a CMake bracket argument that no content can close early.
function(_confwl_bracket value out_var)
  set(equals "")
  string(FIND "${value}" "]${equals}]" closing)
  while(closing GREATER_EQUAL 0)
    string(APPEND equals "=")
    string(FIND "${value}" "]${equals}]" closing)
  endwhile()
  set(${out_var} "[${equals}[${value}]${equals}]" PARENT_SCOPE)
endfunction()

# Appends `set(variable <element>...)` to the test spec, one bracket argument per list element,
# so that the driver gets back exactly the elements it was given.
function(_confwl_append_spec spec variable values)
  set(line "set(${variable}")
  foreach(value IN LISTS values)
    _confwl_bracket("${value}" quoted)
    string(APPEND line " ${quoted}")
  endforeach()
  file(APPEND "${spec}" "${line})\n")
endfunction()
