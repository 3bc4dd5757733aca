# `confwl inspect IMAGE` takes the kernel preset from IMAGE.json next to the image. That file is
# no more trusted than the image: one that cannot be read as a sidecar is ignored (the preset is
# "unknown"), at once and without an error:
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
  if(NOT status STREQUAL "0" OR NOT errors STREQUAL "" OR NOT output MATCHES "\n  kernel preset +${expected}\n")
    list(APPEND failures "${case}: expected exit status 0, no stderr and \"kernel preset ${expected}\"")
    set(failures "${failures}" PARENT_SCOPE)
  endif()
endfunction()

function(copy_image case)
  file(MAKE_DIRECTORY "${WORK_DIR}/${case}")
  file(COPY_FILE "${IMAGE}" "${WORK_DIR}/${case}/image.confwl")
endfunction()

# Opening a FIFO for reading waits for a writer that never comes.
copy_image(fifo)
execute_process(COMMAND mkfifo "${WORK_DIR}/fifo/image.confwl.json" COMMAND_ERROR_IS_FATAL ANY)
check_inspect(fifo "unknown \\(no matching \\.json next to the image\\)")

if(failures)
  list(JOIN failures "\n" reasons)
  message(FATAL_ERROR "${reasons}")
endif()
