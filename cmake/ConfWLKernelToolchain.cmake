# Toolchain for the guest kernel: freestanding x86-64 ELF with Clang and LLD. Used only by the
# kernel's own build tree (kernel/CMakeLists.txt via cmake/ConfWLKernel.cmake), never by host code.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

find_program(CONFWL_KERNEL_CLANG NAMES clang-14 clang REQUIRED)
find_program(CONFWL_KERNEL_CLANGXX NAMES clang++-14 clang++ REQUIRED)
find_program(CONFWL_KERNEL_LLD NAMES ld.lld-14 ld.lld REQUIRED)

set(CMAKE_C_COMPILER "${CONFWL_KERNEL_CLANG}")
set(CMAKE_CXX_COMPILER "${CONFWL_KERNEL_CLANGXX}")
set(CMAKE_ASM_COMPILER "${CONFWL_KERNEL_CLANG}")
set(CMAKE_C_COMPILER_TARGET x86_64-unknown-none-elf)
set(CMAKE_CXX_COMPILER_TARGET x86_64-unknown-none-elf)
set(CMAKE_ASM_COMPILER_TARGET x86_64-unknown-none-elf)

# Nothing to link against while CMake probes the compiler.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
