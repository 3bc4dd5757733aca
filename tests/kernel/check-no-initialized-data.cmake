# Checks that the kernels carry no initialized data: their writable PT_LOAD has no file bytes, only
# zero-fill (.bss). A few bytes of .data cost the sealed image a whole page per 4 KiB, measured and
# loaded on every boot (bench/README.md, fifth pass); a variable that needs a non-zero start value
# can get it at boot or live in .rodata.
#   cmake -DREADELF=<readelf> -DKERNEL_DIR=<dir with minimal.elf and posix.elf> -P check-no-initialized-data.cmake
set(failures "")
foreach(preset IN ITEMS minimal posix)
  execute_process(COMMAND "${READELF}" -lW "${KERNEL_DIR}/${preset}.elf"
                  OUTPUT_VARIABLE headers RESULT_VARIABLE status ERROR_VARIABLE error)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${READELF} ${KERNEL_DIR}/${preset}.elf failed: ${error}")
  endif()
  # LOAD  Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align
  string(REGEX MATCHALL "LOAD +0x[0-9a-f]+ +0x[0-9a-f]+ +0x[0-9a-f]+ +0x[0-9a-f]+ +0x[0-9a-f]+ +RW " writable "${headers}")
  if(writable STREQUAL "")
    string(APPEND failures "  ${preset}.elf has no writable PT_LOAD\n")
  endif()
  foreach(segment IN LISTS writable)
    string(REGEX REPLACE "^LOAD +[^ ]+ +[^ ]+ +[^ ]+ +(0x[0-9a-f]+) .*" "\\1" file_size "${segment}")
    if(NOT file_size MATCHES "^0x0+$")
      string(APPEND failures "  ${preset}.elf: its writable PT_LOAD has ${file_size} bytes of initialized data\n")
    endif()
  endforeach()
endforeach()
if(NOT failures STREQUAL "")
  message(FATAL_ERROR "initialized data in the kernels (expected none):\n${failures}")
endif()
