// uname: a Linux-compatible identity, so that programs (and libcs) that parse the release or
// compare the system name keep working. The release is recent enough for glibc's minimum-kernel
// check.
#include "lib/errno.h"
#include "lib/string.h"
#include "syscalls/handlers.h"
#include "syscalls/user_access.h"

namespace kernel::syscalls {
namespace {

constexpr size_t kFieldSize = 65;  // __NEW_UTS_LEN + 1

struct Utsname {
  char sysname[kFieldSize];
  char nodename[kFieldSize];
  char release[kFieldSize];
  char version[kFieldSize];
  char machine[kFieldSize];
  char domainname[kFieldSize];
};
static_assert(sizeof(Utsname) == 390);

void set_field(char* field, const char* value) {
  memset(field, 0, kFieldSize);
  memcpy(field, value, bounded_strlen(value, kFieldSize - 1));
}

}  // namespace

long uname(const uint64_t* a) {
  Utsname name;
  set_field(name.sysname, "Linux");
  set_field(name.nodename, "confwl");
  set_field(name.release, "6.1.0-confwl");
  set_field(name.version, "#1 ConfWL 0.1.0");
  set_field(name.machine, "x86_64");
  set_field(name.domainname, "(none)");
  return copy_to_user(a[0], &name, sizeof name).ok() ? 0 : negated(Errno::kFault);
}

}  // namespace kernel::syscalls
