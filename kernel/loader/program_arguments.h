// argv and envp as the workload will see them: the sealed ones from the boot config, then the
// runtime ones from the host if the image allows them.
#pragma once
#include <stdint.h>

#include "confwl/abi/boot_config.h"

namespace kernel {

struct ProgramArguments {
  static constexpr uint32_t kMaxArgs = 2 * confwl::abi::kBootConfigMaxArgs;
  const char* argv[kMaxArgs];
  uint32_t argc;
  const char* envp[confwl::abi::kBootConfigMaxEnv];
  uint32_t envc;
};

}  // namespace kernel
