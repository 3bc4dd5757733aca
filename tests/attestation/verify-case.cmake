# One `confwl verify` scenario (cmake -P): make a simulated report for IMAGE with report data
# NONCE using the simulated CA in GEN_CA_DIR (TOOL_ARGS may damage it), then run
# `confwl verify REPORT VERIFY_ARGS` with CONFWL_SIM_CA_DIR=VERIFY_CA_DIR and check the exit
# status and that the output matches EXPECTED_REGEX.
# Variables: CONFWL, TOOL, IMAGE, NONCE, GEN_CA_DIR, VERIFY_CA_DIR, WORK_DIR, EXPECTED_EXIT,
# EXPECTED_REGEX, TOOL_ARGS (;-list), VERIFY_ARGS (;-list, @REPORT@ and @WORK_DIR@ substituted).
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(report "${WORK_DIR}/report.bin")

set(tool_arguments)
foreach(argument IN LISTS TOOL_ARGS)
  list(APPEND tool_arguments "${argument}")
endforeach()
set(ENV{CONFWL_SIM_CA_DIR} "${GEN_CA_DIR}")
execute_process(COMMAND "${TOOL}" "${IMAGE}" "${NONCE}" "${report}" ${tool_arguments}
  RESULT_VARIABLE tool_status ERROR_VARIABLE tool_error)
if(NOT tool_status EQUAL 0)
  message(FATAL_ERROR "making the report failed (${tool_status}): ${tool_error}")
endif()

set(arguments)
foreach(argument IN LISTS VERIFY_ARGS)
  string(REPLACE "@REPORT@" "${report}" argument "${argument}")
  string(REPLACE "@WORK_DIR@" "${WORK_DIR}" argument "${argument}")
  list(APPEND arguments "${argument}")
endforeach()
set(ENV{CONFWL_SIM_CA_DIR} "${VERIFY_CA_DIR}")
execute_process(COMMAND "${CONFWL}" verify ${arguments}
  RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors)
message("confwl verify ${arguments}\n--- exit ${status}\n${output}${errors}")
if(NOT status STREQUAL EXPECTED_EXIT)
  message(FATAL_ERROR "expected exit ${EXPECTED_EXIT}, got ${status}")
endif()
if(NOT "${output}${errors}" MATCHES "${EXPECTED_REGEX}")
  message(FATAL_ERROR "output does not match: ${EXPECTED_REGEX}")
endif()
