# Configures a negative scenario and requires it to fail with the text of its expected-error.txt
# (compared with whitespace runs folded, since CMake wraps error messages) and a Help: line:
#   cmake -DSCENARIO_DIR=<dir> -DBINARY_DIR=<dir> -DCONFWL_DIR=<ConfWL build tree>
#         -DGENERATOR=<generator> -P configure-error.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${BINARY_DIR}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -G "${GENERATOR}" -S "${SCENARIO_DIR}" -B "${BINARY_DIR}" "-DConfWL_DIR=${CONFWL_DIR}"
  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
message("---- configure stderr ----\n${errors}---- exit status: ${status}")

file(READ "${SCENARIO_DIR}/expected-error.txt" expected)
string(REPLACE "@SOURCE_DIR@" "${SCENARIO_DIR}" expected "${expected}")
string(REGEX REPLACE "[ \t\r\n]+" " " expected "${expected}")
string(STRIP "${expected}" expected)
string(REGEX REPLACE "[ \t\r\n]+" " " folded_errors "${errors}")
string(FIND "${folded_errors}" "${expected}" position)
if(status EQUAL 0 OR position EQUAL -1 OR NOT errors MATCHES "Help: ")
  message(FATAL_ERROR "expected configuring to fail with:\n${expected}\nand a Help: line")
endif()
