#include "syscalls/user_access.h"

#include "confwl/abi/guest_layout.h"
#include "lib/checked.h"

extern "C" long copy_user_bytes(void* destination, const void* source, size_t size);  // user_copy.S

namespace kernel {

bool is_user_range(uint64_t address, uint64_t size) { return range_within(address, size, confwl::abi::kUserSpaceEnd); }

Status copy_from_user(void* destination, uint64_t user_source, size_t size) {
  if (!is_user_range(user_source, size)) return Errno::kFault;
  if (copy_user_bytes(destination, reinterpret_cast<const void*>(user_source), size) != 0) return Errno::kFault;
  return kOk;
}

Status copy_to_user(uint64_t user_destination, const void* source, size_t size) {
  if (!is_user_range(user_destination, size)) return Errno::kFault;
  if (copy_user_bytes(reinterpret_cast<void*>(user_destination), source, size) != 0) return Errno::kFault;
  return kOk;
}

}  // namespace kernel
