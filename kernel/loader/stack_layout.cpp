#include "loader/stack_layout.h"

#include "lib/checked.h"
#include "lib/string.h"

namespace kernel {
namespace {

uint64_t string_bytes(const char* const* strings, uint32_t count) {
  uint64_t bytes = 0;
  for (uint32_t i = 0; i < count; ++i) bytes += strlen(strings[i]) + 1;
  return bytes;
}

}  // namespace

uint64_t start_vector_words(const ProgramArguments& arguments) {
  return 1 + (arguments.argc + 1) + (arguments.envc + 1) + 2 * kAuxPairs;
}

uint64_t initial_stack_pointer(const ProgramArguments& arguments, uint64_t top) {
  uint64_t strings = kRandomBytes + sizeof kPlatformString + string_bytes(arguments.argv, arguments.argc) +
                     string_bytes(arguments.envp, arguments.envc);
  return align_down(top - strings - start_vector_words(arguments) * sizeof(uint64_t), 16);
}

}  // namespace kernel
