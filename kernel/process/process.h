// The process table. A process owns an address space (a Workload: its own PML4, whose kernel half
// is the kernel's, its regions and its brk), a descriptor table, a working directory, a umask and
// a place in the process tree (parent, group, session). Its threads live in process/threads.h and
// each knows its process. A process that exits frees its memory and descriptors at once and stays
// a zombie (pid and wait status only) until its parent reaps it; its children go to pid 1.
// Everything runs on one vCPU at the syscall boundary: no locks.
#pragma once
#include <stdint.h>

#include "fs/file_table.h"
#include "lib/result.h"
#include "process/cpu_time.h"
#include "process/signals.h"
#include "process/workload.h"

namespace kernel {

inline constexpr uint32_t kMaxProcesses = 32;
inline constexpr uint32_t kInitPid = 1;

enum class ProcessState : uint8_t { kFree, kRunning, kZombie };

struct Process {
  ProcessState state;
  uint32_t pid;
  uint32_t parent;           // pid; 0 for pid 1
  uint32_t group;            // process group id
  uint32_t session;
  uint32_t wait_status;      // zombie: Linux's encoding (code << 8, or the signal number)
  uint32_t exit_signal;      // sent to the parent when it ends (SIGCHLD, or 0 from clone)
  bool vfork_parent_waiting; // its parent sleeps until it execs or exits (vfork, CLONE_VFORK)
  Workload* memory;          // shared with a vfork parent until exec or exit
  DescriptorTable descriptors;
  uint32_t working_directory;  // node index
  uint32_t program;          // node of the sealed executable it runs; kMaxNodes: the workload
  uint32_t file_creation_mask;
  ProcessSignals signals;    // dispositions and process-directed pending signals
  CpuTime cpu_time;          // of all its threads, running and ended (process/cpu_time.h)
  CpuTime children_cpu_time; // of its reaped children, with their own reaped children's
};

// Pid 1 with a fresh address space, the root as working directory and umask 022. Panics when
// memory runs out (nothing can run without it).
void init_processes();

// The process of the running thread.
Process& current_process();
// A running or zombie process, or nullptr.
Process* find_process(uint32_t pid);
// Every slot, for walks over the tree (callers skip kFree ones).
Process* process_slots();

// A new running process, child of parent (same group and session, cwd, umask, program, signal
// dispositions), with an empty descriptor table and no memory yet. EAGAIN when the table is full.
Result<Process*> create_process(const Process& parent);

// A new, empty address space (kernel half shared); ENOMEM when no slot or frame is left.
Result<Workload*> create_memory();
// Drops one user of the address space; the last one frees its pages and page tables.
void release_memory(Workload* memory);
// Makes memory's page table the one the CPU uses (a CR3 write when it differs).
void activate_memory(const Workload& memory);

// Ends the process (exit, exit_group, a fatal signal): its threads stop, its descriptors close,
// its memory goes, its children are reparented to pid 1, its parent is told (SIGCHLD, wait).
// wait_status is Linux's encoding. Pid 1 ending ends the run (code, or 128 + signal).
void exit_process(Process& process, uint32_t wait_status);
// A fatal signal's default action: ends only this process, its wait status the signal number.
void terminate_process(Process& process, uint32_t signal);
// The wait status of a normal exit.
constexpr uint32_t exit_status_code(uint32_t code) { return (code & 0xFF) << 8; }

// A write to a pipe without readers: SIGPIPE for the writing thread.
void raise_broken_pipe();

// A vfork child is done with its parent's memory (it has exec'd or exited): the parent runs again.
void release_vfork_parent(Process& child);
// Frees a zombie's slot (wait4/waitid reaped it).
void reap_process(Process& zombie);

}  // namespace kernel
