# Checks that a kernel preset compiles in its subsystems and nothing else: each probe symbol (a
# function or object only that subsystem needs) is in posix.elf, which has every subsystem, and
# absent from minimal.elf (core and signals); the core and signals probes are in both. The probes
# are syscall handlers and data: the kernel is built with LTO, which may inline any other function
# into its caller and leave no symbol behind.
#   cmake -DNM=<nm> -DKERNEL_DIR=<dir with minimal.elf and posix.elf> -P check-preset-symbols.cmake
foreach(preset IN ITEMS minimal posix)
  execute_process(COMMAND "${NM}" -C "${KERNEL_DIR}/${preset}.elf"
                  OUTPUT_VARIABLE symbols_${preset} RESULT_VARIABLE status ERROR_VARIABLE error)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${NM} ${KERNEL_DIR}/${preset}.elf failed: ${error}")
  endif()
endforeach()

# subsystem|symbol (demangled; a function's name up to its argument list)
set(left_out
  "processes|kernel::syscalls::fork" "processes|kernel::syscalls::execve" "processes|kernel::syscalls::wait4"
  "processes|kernel::(anonymous namespace)::pipes" "files|kernel::syscalls::openat"
  "files|kernel::syscalls::getdents64" "files|kernel::syscalls::fstat" "files|kernel::syscalls::lseek"
  "attestation|kernel::(anonymous namespace)::report_data"
  "threads|kernel::syscalls::futex" "threads|kernel::syscalls::clone" "threads|kernel::x86::init_lapic_timer")
set(kept "core|kernel::syscalls::write" "core|kernel::syscalls::mmap" "signals|kernel::syscalls::rt_sigaction")

set(failures "")
function(probe entry preset expect_present)
  string(REPLACE "|" ";" entry "${entry}")
  list(GET entry 0 subsystem)
  list(GET entry 1 function)
  string(FIND "${symbols_${preset}}" " ${function}(" as_function)
  string(FIND "${symbols_${preset}}" " ${function}\n" as_object)
  if(as_function EQUAL -1 AND as_object EQUAL -1)
    set(position -1)
  else()
    set(position 0)
  endif()
  if(expect_present AND position EQUAL -1)
    string(APPEND failures "  ${preset}.elf lacks ${function} (${subsystem})\n")
  elseif(NOT expect_present AND NOT position EQUAL -1)
    string(APPEND failures "  ${preset}.elf contains ${function}, but its preset leaves out ${subsystem}\n")
  endif()
  set(failures "${failures}" PARENT_SCOPE)
endfunction()
foreach(entry IN LISTS left_out)
  probe("${entry}" posix TRUE)
  probe("${entry}" minimal FALSE)
endforeach()
foreach(entry IN LISTS kept)
  probe("${entry}" posix TRUE)
  probe("${entry}" minimal TRUE)
endforeach()
if(failures)
  message(FATAL_ERROR "kernel presets do not compile subsystems in and out as they say:\n${failures}")
endif()
list(LENGTH left_out count)
message(STATUS "minimal.elf leaves out all ${count} probes of files, attestation, threads and processes")
