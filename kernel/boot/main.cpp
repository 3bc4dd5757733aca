// kernel_main: from boot.S to the workload's first instruction. Everything the host handed over
// (start info, memory map) is copied out of low memory and validated before use; the boot config
// is part of the measured image and is validated all the same.
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/cpu_setup.h"
#include "arch/x86_64/descriptors.h"
#include "arch/x86_64/lapic_timer.h"
#include "arch/x86_64/uart.h"
#include "boot/boot_config.h"
#include "boot/igvm_memory_map.h"
#include "boot/memory_map.h"
#include "confwl/abi/guest_layout.h"
#include "fs/file_table.h"
#include "fs/node.h"
#include "fs/tmpfs.h"
#include "hostcall/channel.h"
#include "hostcall/runtime_args.h"
#include "lib/checked.h"
#include "lib/print.h"
#include "lib/string.h"
#include "loader/elf_loader.h"
#include "loader/initial_stack.h"
#include "mm/kernel_map.h"
#include "mm/physical.h"
#include "preset/subsystems.h"
#include "process/process.h"
#include "syscalls/allowlist.h"
#include "time/clock.h"

extern "C" char boot_stack_top[], kernel_image_end[];
extern "C" [[noreturn]] void enter_user_mode(uint64_t entry, uint64_t stack);  // syscall_entry.S
extern "C" {
// The stack SYSCALL switches to (syscall_entry.S); also TSS.RSP0. kernel_main never returns, so
// its own frames on this stack are dead once the workload runs.
uint64_t kernel_stack_top = 0;
}

namespace kernel {
namespace {

namespace abi = confwl::abi;

abi::HvmMemmapEntry memmap[kMaxMemmapEntries];
ProgramArguments arguments;

// Copies the start info and its memory map out of the VMM's low memory, checking them first.
uint32_t copy_memory_map(uint32_t start_info_physical) {
  if (!range_within(start_info_physical, sizeof(abi::HvmStartInfo), abi::kVmmScratchEnd)) {
    panic("hvm_start_info at 0x%x does not lie below 1 MiB", start_info_physical);
  }
  abi::HvmStartInfo info;
  memcpy(&info, physical_to_virtual(start_info_physical), sizeof info);
  if (auto valid = validate_start_info(info); !valid.ok()) panic("%s", valid.error().message);
  memcpy(memmap, physical_to_virtual(info.memmap_paddr), info.memmap_entries * sizeof(abi::HvmMemmapEntry));
  return info.memmap_entries;
}

// An IGVM launch (NAME.igvm) passes EBX 0 and the IGVM memory map instead of hvm_start_info; it
// is copied before it is checked, so the host cannot change it in between.
abi::IgvmMemoryMapEntry igvm_entries[abi::kIgvmMemoryMapCapacity];

uint32_t copy_igvm_memory_map() {
  memcpy(igvm_entries, physical_to_virtual(abi::kIgvmMemoryMapGpa), sizeof igvm_entries);
  auto count = igvm_memory_map(igvm_entries, memmap);
  if (!count.ok()) panic("%s", count.error().message);
  return count.value();
}

BootConfig read_boot_config(uint32_t memmap_count) {
  if (!ram_covers(memmap, memmap_count, abi::kBootConfigAddress, abi::kBlobsBase)) {
    panic("the memory map has no RAM at the boot config (0x400000)");
  }
  auto parsed = parse_boot_config(physical_to_virtual<uint8_t>(abi::kBootConfigAddress), abi::kBootConfigMaxSize);
  if (!parsed.ok()) panic("%s", parsed.error().message);
  if (!ram_covers(memmap, memmap_count, abi::kKernelPhysicalBase, parsed.value().image_end)) {
    panic("the memory map does not cover the sealed image (up to 0x%lx)", parsed.value().image_end);
  }
  return parsed.value();
}

void init_memory(const BootConfig& config, uint32_t memmap_count) {
  uint64_t kernel_end = reinterpret_cast<uint64_t>(kernel_image_end) - abi::kKernelVirtualBase;
  uint64_t reserved_end = config.image_end > kernel_end ? config.image_end : kernel_end;
  auto usable = usable_memory(memmap, memmap_count, reserved_end);
  if (!usable.ok()) panic("%s", usable.error().message);
  frames().init(usable.value());
  init_kernel_address_space(usable.value().end > config.image_end ? usable.value().end : config.image_end);
}

// The file tree of the subsystems this kernel has (preset/subsystems.h). A boot config that asks
// for files from a kernel without them is refused: the sealer does not make one.
void init_files(const BootConfig& config) {
  init_console_tree();
  if constexpr (kPresetHasAttestation) init_attestation_nodes();
  if constexpr (kPresetHasFiles) {
    init_file_tree(config);
    init_tmpfs(config.tmpfs_size);
  } else if (config.sealed_files.size != 0 || config.tmpfs_size != 0) {
    panic("the image seals files or a /tmp, but this kernel has no files subsystem");
  }
}

void collect_arguments(const BootConfig& config) {
  uint32_t index = 0;
  for_each_string(config.strings, config.argc + config.envc, [&](const char* string) {
    if (index < config.argc) {
      arguments.argv[arguments.argc++] = string;
    } else {
      arguments.envp[arguments.envc++] = string;
    }
    ++index;
  });
  if (config.runtime_args_allowed()) {
    arguments.argc += request_runtime_args(arguments.argv + arguments.argc, ProgramArguments::kMaxArgs - arguments.argc);
  }
}

}  // namespace
}  // namespace kernel

extern "C" [[noreturn]] void kernel_main(uint32_t start_info_physical) {
  using namespace kernel;
  console_uart().init();
  open_hostcall_channel();
  kernel_stack_top = reinterpret_cast<uint64_t>(boot_stack_top);
  x86::init_descriptors(kernel_stack_top);
  x86::init_cpu();
  init_clock();

  uint32_t memmap_count = start_info_physical != 0 ? copy_memory_map(start_info_physical) : copy_igvm_memory_map();
  BootConfig config = read_boot_config(memmap_count);
  init_memory(config, memmap_count);
  // Before the first address space copies the kernel's mappings; only a kernel with more than one
  // thread has anything to preempt.
  if constexpr (kPresetHasThreads) x86::init_lapic_timer();
  init_syscall_allowlist(config.syscall_allowlist, config.syscall_policy);
  init_files(config);
  init_processes();
  init_descriptors();
  collect_arguments(config);
  LoadPlan plan = load_workload(config.workload, arguments);
  uint64_t stack = build_initial_stack(arguments, plan);
  enter_user_mode(plan.entry, stack);
}
