# cmake -DCONFWL=... -DIMAGE=... -DMANIFEST=... -DNONCE=HEX -DWORK_DIR=... -P verify-attest.cmake
# Runs the attest workload with NONCE, keeps the report it prints, and checks it with
# `confwl verify`: it must verify with NONCE and must not with another nonce.
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${CONFWL}" run "${IMAGE}" --timeout 120 -- "${NONCE}"
  OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
message("confwl run ${IMAGE} -- ${NONCE}: exit ${status}\n${output}${errors}")
if(NOT status EQUAL 0 OR NOT output MATCHES "report: ([0-9a-f]+)")
  message(FATAL_ERROR "the workload printed no report")
endif()
set(report "${WORK_DIR}/report.hex")
file(WRITE "${report}" "${CMAKE_MATCH_1}")

function(verify nonce expected_exit)
  execute_process(COMMAND "${CONFWL}" verify "${report}" --manifest "${MANIFEST}" --report-data "${nonce}"
                          --allow-simulated
    OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
  message("confwl verify --report-data ${nonce}: exit ${status}\n${output}${errors}")
  if(NOT status STREQUAL expected_exit)
    message(FATAL_ERROR "expected confwl verify to exit ${expected_exit}, got ${status}")
  endif()
endfunction()
verify("${NONCE}" 0)
string(REGEX REPLACE "^..(.*)$" "00\\1" other_nonce "${NONCE}")
verify("${other_nonce}" 1)
