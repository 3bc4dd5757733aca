#include "process/fork.h"

#include "lib/string.h"
#include "mm/physical.h"
#include "process/process.h"
#include "process/threads.h"

namespace kernel {
namespace {

// CLONE_CHILD_SETTID writes into the child's memory, which is not the one in CR3: through the
// child's page table, so the page's own protection is not checked by the CPU but here. A word that
// is unaligned or where the program may not write (its code, read-only data) is skipped, as Linux
// does when the write faults.
void write_child_word(Workload& memory, uint64_t address, uint32_t value) {
  if (address % sizeof value != 0 || address >= confwl::abi::kUserSpaceEnd || !memory.memory.allows_write(address))
    return;
  uint64_t frame = memory.memory.populate(address & ~(kPageSize - 1));
  if (frame != 0) memcpy(physical_to_virtual<uint8_t>(frame) + address % kPageSize, &value, sizeof value);
}

Result<Workload*> copy_memory(Workload& parent) {
  Workload* child = TRY(create_memory());
  if (!parent.memory.copy_into(child->memory).ok()) {
    release_memory(child);
    return Errno::kNoMemory;
  }
  child->heap_start = parent.heap_start;
  child->brk = parent.brk;
  return child;
}

void undo(Process& child) {
  close_all_descriptors(child.descriptors);
  if (child.memory != nullptr) release_memory(child.memory);
  reap_process(child);
}

}  // namespace

Result<uint32_t> fork_process(const SyscallFrame& frame, const ForkRequest& request) {
  Process& parent = current_process();
  Process* child = TRY(create_process(parent));
  child->exit_signal = request.exit_signal;
  if (request.share_memory) {
    child->memory = parent.memory;
    ++child->memory->users;
  } else {
    auto memory = copy_memory(*parent.memory);
    if (!memory.ok()) {
      undo(*child);
      return memory.error();
    }
    child->memory = memory.value();
  }
  copy_descriptors(parent.descriptors, child->descriptors);
  auto tid = create_thread(*child, frame, request.stack, request.set_tls, request.tls, request.clear_child_tid);
  if (!tid.ok()) {
    undo(*child);
    return tid.error();
  }
  if (request.set_child_tid != 0) write_child_word(*child->memory, request.set_child_tid, tid.value());
  if (request.wait_for_child) {
    child->vfork_parent_waiting = true;
    block_on(reinterpret_cast<uint64_t>(child), static_cast<long>(child->pid));
  }
  return child->pid;
}

}  // namespace kernel
