# One nested kvm test's verdict, from what nested-kvm.sh brought back: the exit status must be
# EXPECTED_EXIT and the output must match PASS_REGEX (CMake regex). The output is printed.
#   cmake -DRESULTS_DIR=... -DNAME=... -DEXPECTED_EXIT=... -DPASS_REGEX=... -P check-result.cmake
set(status_file "${RESULTS_DIR}/${NAME}.status")
set(output_file "${RESULTS_DIR}/${NAME}.output")
if(NOT EXISTS "${status_file}" OR NOT EXISTS "${output_file}")
  message(FATAL_ERROR "${NAME}: no result from the nested guest (see the nested.kvm_fixture test)")
endif()
file(READ "${status_file}" status)
string(STRIP "${status}" status)
file(READ "${output_file}" output)
message("${output}")
if(NOT status STREQUAL EXPECTED_EXIT)
  message(FATAL_ERROR "${NAME}: `confwl run` exited with ${status}, expected ${EXPECTED_EXIT}")
endif()
if(NOT output MATCHES "${PASS_REGEX}")
  message(FATAL_ERROR "${NAME}: the output does not match: ${PASS_REGEX}")
endif()
