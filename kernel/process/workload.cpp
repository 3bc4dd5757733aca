#include "process/workload.h"

#include "process/process.h"

namespace kernel {

Workload& workload() { return *current_process().memory; }

}  // namespace kernel
