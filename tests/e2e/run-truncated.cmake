# Cuts a sealed image in half (its headers stay, its segments end early) and requires
# `confwl run` to refuse it with exit status 125 and a message that says so:
#   cmake -DCONFWL=<confwl> -DIMAGE=<NAME.confwl> -DWORK_DIR=<dir> -P run-truncated.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(truncated "${WORK_DIR}/truncated.confwl")
file(SIZE "${IMAGE}" size)
math(EXPR half "${size} / 2")
execute_process(COMMAND head -c ${half} "${IMAGE}" OUTPUT_FILE "${truncated}" COMMAND_ERROR_IS_FATAL ANY)

execute_process(COMMAND "${CONFWL}" run "${truncated}" --timeout 10
  INPUT_FILE /dev/null OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
message("confwl run ${truncated} (${half} of ${size} bytes)\n---- stdout ----\n${output}"
        "---- stderr ----\n${errors}---- exit status: ${status}")
if(NOT status EQUAL 125 OR NOT errors MATCHES "^confwl: [^\n]*/truncated\\.confwl: truncated: [^\n]* past the end of the file")
  message(FATAL_ERROR "expected exit status 125 and a message saying the image is truncated")
endif()
