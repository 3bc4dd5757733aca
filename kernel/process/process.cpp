#include "process/process.h"

#include "arch/x86_64/cpu.h"
#include "hostcall/exit.h"
#include "lib/print.h"
#include "mm/kernel_map.h"
#include "mm/physical.h"
#include "process/threads.h"

namespace kernel {
namespace {

constexpr uint32_t kDefaultUmask = 022;
constexpr uint64_t kKernelHalfFirstEntry = 256;  // PML4 entries 256..511 map the upper half
constexpr uint64_t kEntriesPerTable = 512;

Process processes[kMaxProcesses];
Workload memories[kMaxProcesses];
uint64_t loaded_root = 0;  // the PML4 in CR3 (0 until the first activate)

void load_kernel_only_table() {
  loaded_root = kernel_page_table().root();
  x86::write_cr3(loaded_root);
}

// The parent learns of its child's end: wait4/waitid sleepers wake; SIGCHLD if it asked for one.
void notify_parent(const Process& child) {
  Process* parent = find_process(child.parent);
  if (parent == nullptr) return;
  wake_waiters(reinterpret_cast<uint64_t>(parent));
  if (child.exit_signal == 0 || child.exit_signal > kSignalCount) return;
  uint32_t signal = child.wait_status & 0x7F;
  SignalInfo info{.code = signal != 0 ? si_code::kChildKilled : si_code::kChildExited,
                  .pid = child.pid,
                  .uid = 0,
                  .status = static_cast<int32_t>(signal != 0 ? signal : (child.wait_status >> 8) & 0xFF),
                  .address = 0};
  (void)send_signal_to_process(parent->pid, child.exit_signal, info);
}

// A parent that ignores SIGCHLD or set SA_NOCLDWAIT never reaps: its children vanish at exit.
bool reaps_automatically(const Process& parent) {
  const KernelSigaction& action = parent.signals.actions[sig::kChld - 1];
  return action.handler == kSigIgnore || (action.flags & sa::kNoChildWait) != 0;
}

void reparent_children(const Process& dying) {
  Process* init = find_process(kInitPid);
  for (Process& child : processes) {
    if (child.state == ProcessState::kFree || child.parent != dying.pid) continue;
    child.parent = kInitPid;
    if (child.state != ProcessState::kZombie || init == nullptr) continue;
    if (reaps_automatically(*init)) {
      reap_process(child);
    } else {
      wake_waiters(reinterpret_cast<uint64_t>(init));
    }
  }
}

[[noreturn]] void end_run_for_init(uint32_t wait_status) {
  uint32_t signal = wait_status & 0x7F;
  end_run(signal != 0 ? 128 + signal : (wait_status >> 8) & 0xFF);
}

}  // namespace

void init_processes() {
  Process& init = processes[0];
  init = Process{};
  init.state = ProcessState::kRunning;
  init.pid = init.group = init.session = kInitPid;
  init.working_directory = kRootNode;
  init.program = kMaxNodes;
  init.file_creation_mask = kDefaultUmask;
  reset_process_signals(init.signals);
  auto memory = create_memory();
  if (!memory.ok()) panic("processes: no memory for pid 1's page table");
  init.memory = memory.value();
  init_threads(init);
  activate_memory(*init.memory);
}

Process& current_process() { return *running_process(); }
Process* process_slots() { return processes; }

Process* find_process(uint32_t pid) {
  for (Process& process : processes) {
    if (process.state != ProcessState::kFree && process.pid == pid) return &process;
  }
  return nullptr;
}

Result<Process*> create_process(const Process& parent) {
  for (Process& process : processes) {
    if (process.state != ProcessState::kFree) continue;
    process = Process{};
    process.state = ProcessState::kRunning;
    process.pid = allocate_tid();
    process.parent = parent.pid;
    process.group = parent.group;
    process.session = parent.session;
    process.working_directory = parent.working_directory;
    process.program = parent.program;
    process.file_creation_mask = parent.file_creation_mask;
    process.exit_signal = sig::kChld;
    fork_process_signals(parent.signals, process.signals);
    return &process;
  }
  return Errno::kAgain;
}

Result<Workload*> create_memory() {
  for (Workload& memory : memories) {
    if (memory.users != 0) continue;
    auto table = PageTable::create();
    if (!table.ok()) return Errno::kNoMemory;
    memory = Workload{};
    memory.table = table.value();
    const uint64_t* kernel_root = physical_to_virtual<uint64_t>(kernel_page_table().root());
    uint64_t* root = physical_to_virtual<uint64_t>(memory.table.root());
    for (uint64_t entry = kKernelHalfFirstEntry; entry < kEntriesPerTable; ++entry) root[entry] = kernel_root[entry];
    memory.memory.init(&memory.table);
    memory.users = 1;
    return &memory;
  }
  return Errno::kNoMemory;
}

void release_memory(Workload* memory) {
  if (--memory->users > 0) return;
  // Never free the tables the CPU is walking: switch to the kernel's own first.
  if (memory->table.root() == loaded_root) load_kernel_only_table();
  memory->memory.release_all();
  memory->table.release_user_half();
}

void activate_memory(const Workload& memory) {
  if (memory.table.root() == loaded_root) return;
  loaded_root = memory.table.root();
  x86::write_cr3(loaded_root);  // flushes every non-global (user) translation
}

void exit_process(Process& process, uint32_t wait_status) {
  if (process.state != ProcessState::kRunning) return;  // already ended (a second fatal signal)
  if (process.pid == kInitPid) end_run_for_init(wait_status);
  end_threads_of(process, false);
  close_all_descriptors(process.descriptors);
  release_vfork_parent(process);
  release_memory(process.memory);
  process.memory = nullptr;
  reparent_children(process);
  process.state = ProcessState::kZombie;
  process.wait_status = wait_status;
  notify_parent(process);
  Process* parent = find_process(process.parent);
  if (parent != nullptr && reaps_automatically(*parent)) reap_process(process);
}

void terminate_process(Process& process, uint32_t signal) { exit_process(process, signal & 0x7F); }

void raise_broken_pipe() {
  (void)send_signal_to_thread(current_tid(), sig::kPipe, SignalInfo{si_code::kUser, current_process().pid, 0, 0, 0});
}

ProcessSignals& current_process_signals() { return current_process().signals; }

void release_vfork_parent(Process& child) {
  if (!child.vfork_parent_waiting) return;
  child.vfork_parent_waiting = false;
  wake_waiters(reinterpret_cast<uint64_t>(&child));
}

void reap_process(Process& zombie) { zombie.state = ProcessState::kFree; }

}  // namespace kernel
