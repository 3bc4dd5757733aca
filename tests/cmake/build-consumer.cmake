# Configures, builds and tests a consumer project with its host compiler and host CFLAGS set,
# against ConfWL's build tree or an installed prefix:
#   cmake -DSOURCE_DIR=<project> -DBINARY_DIR=<dir> -DGENERATOR=<generator> -DHOST_C_COMPILER=<cc>
#         (-DCONFWL_DIR=<ConfWL build tree> | -DPREFIX=<install prefix> [-DMOVE_PREFIX_TO=<dir>]
#          | -DCONFWL_SOURCE_DIR=<ConfWL source tree, for add_subdirectory>)
#         -P build-consumer.cmake
# MOVE_PREFIX_TO copies the installed prefix elsewhere first: the package must be relocatable.
cmake_minimum_required(VERSION 3.25)

if(DEFINED MOVE_PREFIX_TO)
  file(REMOVE_RECURSE "${MOVE_PREFIX_TO}")
  file(COPY "${PREFIX}/" DESTINATION "${MOVE_PREFIX_TO}")
  set(PREFIX "${MOVE_PREFIX_TO}")
endif()
if(DEFINED PREFIX)
  set(find_confwl "-DCMAKE_PREFIX_PATH=${PREFIX}")
elseif(DEFINED CONFWL_SOURCE_DIR)
  set(find_confwl "-DCONFWL_SOURCE_DIR=${CONFWL_SOURCE_DIR}")
else()
  set(find_confwl "-DConfWL_DIR=${CONFWL_DIR}")
endif()
file(REMOVE_RECURSE "${BINARY_DIR}")
# The consumer's environment carries host flags; they must reach its host targets only.
set(ENV{CFLAGS} "-DCONSUMER_ENV_FLAG")
set(ENV{CXXFLAGS} "-DCONSUMER_ENV_CXX_FLAG")  # read by CMake and clang++: must not reach a C++ guest
execute_process(COMMAND "${CMAKE_COMMAND}" -G "${GENERATOR}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}"
                        "-DCMAKE_C_COMPILER=${HOST_C_COMPILER}" "${find_confwl}"
  COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY_DIR}"
  COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --output-on-failure --no-tests=error
  WORKING_DIRECTORY "${BINARY_DIR}"
  COMMAND_ECHO STDOUT COMMAND_ERROR_IS_FATAL ANY)
