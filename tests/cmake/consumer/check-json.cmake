# Checks the sealer's JSON manifest: -DJSON=<NAME.confwl.json>. The image's SHA-384 must be 96 hex
# digits and the same as the image file's own.
cmake_minimum_required(VERSION 3.25)
file(READ "${JSON}" json)
string(JSON image_sha384 GET "${json}" image sha384)
string(REGEX REPLACE "\\.json$" "" image "${JSON}")
file(SHA384 "${image}" actual)
message("image sha384 in ${JSON}: ${image_sha384}\nimage sha384 of ${image}: ${actual}")
if(NOT image_sha384 MATCHES "^[0-9a-f]+$" OR NOT image_sha384 STREQUAL actual)
  message(FATAL_ERROR "the JSON manifest does not hold the image's SHA-384")
endif()
