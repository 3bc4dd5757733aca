#include "process/workload.h"

namespace kernel {

Workload& workload() {
  static constinit Workload instance;
  return instance;
}

}  // namespace kernel
