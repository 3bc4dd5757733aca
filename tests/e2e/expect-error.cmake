# Runs one `confwl` command that must fail, and checks how:
#   cmake -DCONFWL=<confwl> -DWORK_DIR=<empty dir to use> -DEXPECTED_EXIT=<n>
#         [-DEXPECTED_MESSAGE_FILE=<file>] [-DEXPECTED_REGEX=<regex>]
#         [-DWORKING_DIRECTORY=<dir>] [-DINPUT=<file>] [-DFIFO=<name>]
#         -P expect-error.cmake -- <confwl arguments...>
# EXPECTED_MESSAGE_FILE holds the exact message: stderr must be "confwl: <message>\n" and
# nothing else. `@WORK_DIR@` in the arguments stands for WORK_DIR. INPUT is copied into WORK_DIR
# and FIFO made there first; afterwards WORK_DIR must hold just these, the FIFO still a FIFO (a
# failed command leaves no output and no temporary file behind, and replaces nothing).
cmake_minimum_required(VERSION 3.25)

set(arguments "")
set(after_separator FALSE)
foreach(index RANGE ${CMAKE_ARGC})
  if(after_separator AND DEFINED CMAKE_ARGV${index})
    string(REPLACE "@WORK_DIR@" "${WORK_DIR}" argument "${CMAKE_ARGV${index}}")
    list(APPEND arguments "${argument}")
  elseif(CMAKE_ARGV${index} STREQUAL "--")
    set(after_separator TRUE)
  endif()
endforeach()
if(NOT DEFINED WORKING_DIRECTORY)
  set(WORKING_DIRECTORY "${WORK_DIR}")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
if(DEFINED INPUT)
  file(COPY "${INPUT}" DESTINATION "${WORK_DIR}")
endif()
if(DEFINED FIFO)
  execute_process(COMMAND mkfifo "${WORK_DIR}/${FIFO}" COMMAND_ERROR_IS_FATAL ANY)
endif()
file(GLOB before "${WORK_DIR}/*")
execute_process(COMMAND "${CONFWL}" ${arguments}
  WORKING_DIRECTORY "${WORKING_DIRECTORY}"
  INPUT_FILE /dev/null
  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
list(JOIN arguments " " command_line)
message("confwl ${command_line}\n---- stdout ----\n${output}---- stderr ----\n${errors}---- exit status: ${status}")

set(failures "")
if(NOT status STREQUAL EXPECTED_EXIT)
  list(APPEND failures "expected exit status ${EXPECTED_EXIT}, got ${status}")
endif()
if(DEFINED EXPECTED_MESSAGE_FILE)
  file(READ "${EXPECTED_MESSAGE_FILE}" expected)
  string(STRIP "${expected}" expected)
  if(NOT errors STREQUAL "confwl: ${expected}\n")
    list(APPEND failures "expected exactly this on stderr:\nconfwl: ${expected}")
  endif()
endif()
if(DEFINED EXPECTED_REGEX AND NOT errors MATCHES "${EXPECTED_REGEX}")
  list(APPEND failures "stderr does not match \"${EXPECTED_REGEX}\"")
endif()
file(GLOB left_behind "${WORK_DIR}/*")
if(before)
  list(REMOVE_ITEM left_behind ${before})
endif()
if(left_behind)
  list(APPEND failures "files left behind: ${left_behind}")
endif()
if(DEFINED FIFO)
  execute_process(COMMAND test -p "${WORK_DIR}/${FIFO}" RESULT_VARIABLE not_a_fifo)
  if(not_a_fifo)
    list(APPEND failures "${FIFO} is no longer a FIFO")
  endif()
endif()
if(failures)
  list(JOIN failures "\n" reasons)
  message(FATAL_ERROR "${reasons}")
endif()
