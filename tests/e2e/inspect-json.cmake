# `confwl inspect --json IMAGE` must describe the same image the sealer described in
# NAME.confwl.json: same SHA-384, same segments in the same order.
#   cmake -DCONFWL=<confwl> -DIMAGE=<NAME.confwl> -DMANIFEST_JSON=<NAME.confwl.json> -P inspect-json.cmake
cmake_minimum_required(VERSION 3.25)

execute_process(COMMAND "${CONFWL}" inspect --json "${IMAGE}"
  OUTPUT_VARIABLE inspected RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "confwl inspect --json exited with ${status}")
endif()
file(READ "${MANIFEST_JSON}" sealed)

string(JSON inspected_sha GET "${inspected}" image sha384)
string(JSON sealed_sha GET "${sealed}" image sha384)
if(NOT inspected_sha STREQUAL sealed_sha)
  message(FATAL_ERROR "inspect says sha384 ${inspected_sha}, the sealer wrote ${sealed_sha}")
endif()

string(JSON inspected_count LENGTH "${inspected}" segments)
string(JSON sealed_count LENGTH "${sealed}" segments)
if(NOT inspected_count EQUAL sealed_count OR inspected_count LESS 3)
  message(FATAL_ERROR "inspect lists ${inspected_count} segments, the sealer ${sealed_count}")
endif()
math(EXPR last "${inspected_count} - 1")
foreach(index RANGE ${last})
  foreach(field IN ITEMS role guest_address sha384)
    string(JSON a GET "${inspected}" segments ${index} ${field})
    string(JSON b GET "${sealed}" segments ${index} ${field})
    if(NOT a STREQUAL b)
      message(FATAL_ERROR "segment ${index} ${field}: inspect says ${a}, the sealer wrote ${b}")
    endif()
  endforeach()
endforeach()
message("inspect --json agrees with ${MANIFEST_JSON}: ${inspected_count} segments, sha384 ${inspected_sha}")
