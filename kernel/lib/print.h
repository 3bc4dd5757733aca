// Kernel messages on the console (COM1). The console is the workload's stdout, so the kernel only
// prints when something has gone wrong: a panic or a refused boot.
#pragma once

namespace kernel {

[[gnu::format(printf, 1, 2)]] void print(const char* format, ...);

// Prints "confwl-kernel: panic: <message>" and ends the VM with kPanicExitStatus.
[[noreturn, gnu::format(printf, 1, 2)]] void panic(const char* format, ...);

// The exit status of a run the kernel had to stop: a bad boot config, a bad memory map, a broken
// kernel invariant. Distinct from workload statuses 0..128+64 in practice.
inline constexpr unsigned kPanicExitStatus = 250;

}  // namespace kernel
