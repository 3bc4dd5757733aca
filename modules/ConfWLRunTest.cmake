# The test driver behind confwl_add_test(): `cmake -DCONFWL_EXECUTABLE=<confwl>
# -DCONFWL_TEST_SPEC=<spec> -P ConfWLRunTest.cmake`. ctest alone cannot require a non-zero exit
# status and an output pattern at once, so this script runs the image, prints what it said, and
# checks the exact status and the patterns itself.
cmake_minimum_required(VERSION 3.25)
include("${CONFWL_TEST_SPEC}")

set(command "${CONFWL_EXECUTABLE}" run "${CONFWL_IMAGE}" --timeout "${CONFWL_TIMEOUT}")
if(CONFWL_ENGINE)
  list(APPEND command --engine "${CONFWL_ENGINE}")
endif()
if(DEFINED CONFWL_ARGS)
  list(APPEND command -- ${CONFWL_ARGS})
endif()
set(command_line "")
foreach(word IN LISTS command)
  if(word MATCHES "[ \t\"']" OR word STREQUAL "")
    set(word "'${word}'")
  endif()
  string(APPEND command_line " ${word}")
endforeach()
message("confwl_add_test:${command_line} < ${CONFWL_STDIN}")
execute_process(COMMAND ${command}
  INPUT_FILE "${CONFWL_STDIN}"
  OUTPUT_VARIABLE workload_output
  ERROR_VARIABLE confwl_messages
  RESULT_VARIABLE status)
message("---- workload output (stdout) ----\n${workload_output}"
        "---- confwl messages (stderr) ----\n${confwl_messages}"
        "---- exit status: ${status} ----")

set(failures "")
if(NOT status STREQUAL CONFWL_EXPECT_EXIT_CODE)
  list(APPEND failures "expected exit status ${CONFWL_EXPECT_EXIT_CODE}, got ${status}")
endif()
set(output "${workload_output}${confwl_messages}")
if(DEFINED CONFWL_PASS_REGULAR_EXPRESSION)
  set(matched FALSE)
  foreach(regex IN LISTS CONFWL_PASS_REGULAR_EXPRESSION)
    if(output MATCHES "${regex}")
      set(matched TRUE)
    endif()
  endforeach()
  if(NOT matched)
    list(JOIN CONFWL_PASS_REGULAR_EXPRESSION "\" or \"" expected)
    list(APPEND failures "output does not match \"${expected}\"")
  endif()
endif()
foreach(regex IN LISTS CONFWL_FAIL_REGULAR_EXPRESSION)
  if(output MATCHES "${regex}")
    list(APPEND failures "output matches FAIL_REGULAR_EXPRESSION \"${regex}\"")
  endif()
endforeach()

if(failures)
  list(JOIN failures "\n  " reasons)
  message(FATAL_ERROR "confwl_add_test failed:\n  ${reasons}")
endif()
