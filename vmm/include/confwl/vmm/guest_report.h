// Words for what the guest reported over the hostcall channel: crash reports and ENOSYS counts.
#pragma once
#include <confwl/abi/hostcall.h>

#include <cstdint>
#include <map>
#include <string>

namespace confwl::vmm {

// "page fault (vector 14) at rip 0x401000, address 0x0, error 0x4"
std::string describe_crash(const abi::HostcallCrash& crash);

// The x86 exception name for a vector ("page fault"), or "exception" for reserved vectors.
const char* exception_name(uint32_t vector);

// The Linux x86-64 name of a syscall number, or nullptr when it is not one we name.
const char* syscall_name(uint32_t number);

// "clone3 (435) x2, 999 x1": the syscalls that returned ENOSYS, by number.
std::string describe_syscall_counts(const std::map<uint32_t, uint64_t>& counts);

}  // namespace confwl::vmm
