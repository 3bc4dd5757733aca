# `confwl inspect IMAGE` takes the kernel preset from IMAGE.json next to the image. That file is
# no more trusted than the image: one that cannot be read as a sidecar is ignored (the preset is
# "unknown"), at once and without an error, and control characters in it reach no terminal:
#   cmake -DCONFWL=<confwl> -DIMAGE=<NAME.confwl> -DWORK_DIR=<dir> -P inspect-sidecar.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${WORK_DIR}")
set(failures "")

# Inspects a copy of IMAGE in WORK_DIR/<case>/, whose sidecar has been made by the caller, and
# requires exit status 0, nothing on stderr and a "kernel preset" line matching `expected`.
function(check_inspect case expected)
  execute_process(COMMAND "${CONFWL}" inspect "${WORK_DIR}/${case}/image.confwl"
    TIMEOUT 20 OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
  message("---- ${case}: exit status ${status}\n${output}---- stderr ----\n${errors}")
  string(ASCII 27 escape)
  string(FIND "${output}" "${escape}" escape_at)
  if(NOT status STREQUAL "0" OR NOT errors STREQUAL "" OR NOT output MATCHES "\n  kernel preset +${expected}\n"
     OR NOT escape_at EQUAL -1)
    list(APPEND failures "${case}: expected exit status 0, no stderr, no ESC and \"kernel preset ${expected}\"")
    set(failures "${failures}" PARENT_SCOPE)
  endif()
endfunction()

function(copy_image case)
  file(MAKE_DIRECTORY "${WORK_DIR}/${case}")
  file(COPY_FILE "${IMAGE}" "${WORK_DIR}/${case}/image.confwl")
endfunction()

# The sidecar the sealer wrote for IMAGE, with the member at the path of keys after `value` set to
# `value` (JSON text).
function(write_sidecar case value)
  file(READ "${IMAGE}.json" sidecar)
  string(JSON sidecar SET "${sidecar}" ${ARGN} "${value}")
  copy_image(${case})
  file(WRITE "${WORK_DIR}/${case}/image.confwl.json" "${sidecar}")
endfunction()

set(unknown "unknown \\(no matching \\.json next to the image\\)")
# Opening a FIFO for reading waits for a writer that never comes.
copy_image(fifo)
execute_process(COMMAND mkfifo "${WORK_DIR}/fifo/image.confwl.json" COMMAND_ERROR_IS_FATAL ANY)
check_inspect(fifo "${unknown}")
# Members of the wrong type made nlohmann::json throw after half the table was printed.
write_sidecar(kernel_is_a_list "[]" kernel)
check_inspect(kernel_is_a_list "${unknown}")
write_sidecar(image_is_a_list "[1]" image)
check_inspect(image_is_a_list "${unknown}")
write_sidecar(sha384_is_a_number "5" image sha384)
check_inspect(sha384_is_a_number "${unknown}")
# A sidecar that matches the image: its names were printed raw, terminal escapes included.
write_sidecar(escapes "\"\\u001b[2J\\u001b[31mEVIL\\u0007\"" kernel preset)
file(READ "${WORK_DIR}/escapes/image.confwl.json" sidecar)
string(JSON sidecar SET "${sidecar}" kernel subsystems "[\"core\", \"\\u001b[1mBOLD\"]")
file(WRITE "${WORK_DIR}/escapes/image.confwl.json" "${sidecar}")
check_inspect(escapes "\\\\x1b\\[2J\\\\x1b\\[31mEVIL\\\\x07 \\(subsystems: core, \\\\x1b\\[1mBOLD\\) \\(from [^\n]*\\)")
# U+009B, CSI among the C1 controls, which xterm obeys in UTF-8 too: escaped byte by byte.
write_sidecar(c1_control "\"\\u009b2J\"" kernel preset)
check_inspect(c1_control "\\\\xc2\\\\x9b2J \\(subsystems: [^\n]*\\) \\(from [^\n]*\\)")

if(failures)
  list(JOIN failures "\n" reasons)
  message(FATAL_ERROR "${reasons}")
endif()
