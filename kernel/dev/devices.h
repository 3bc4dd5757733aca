// The character devices behind /dev (and the console behind fds 0-2): reads and writes that do
// not go to a file's bytes. Each returns a byte count or an errno, like the syscalls above them.
#pragma once
#include <stdint.h>

#include "fs/node.h"
#include "lib/result.h"

namespace kernel {

Result<uint64_t> device_read(Device device, uint64_t offset, uint64_t user_buffer, uint64_t size, bool may_block);
Result<uint64_t> device_write(Device device, uint64_t offset, uint64_t user_buffer, uint64_t size);
// Whether lseek means anything on the device (ESPIPE on the console).
bool device_seekable(Device device);

// console.cpp: COM1. With may_block, read waits for at least one byte or the end of stdin (device
// contract); without, it returns what is already waiting, maybe 0.
Result<uint64_t> console_read(uint64_t user_buffer, uint64_t size, bool may_block);
Result<uint64_t> console_write(uint64_t user_buffer, uint64_t size);
// Whether a console read would return at once: a byte is waiting or stdin has ended (poll).
bool console_input_ready();
// poll, select: the current thread is woken when console input arrives (process/wait_queue.h).
void console_add_poller();
// The scheduler, whenever it picks a thread: readers and pollers waiting for console input run
// again if it is there. Returns whether anyone waited for it.
bool wake_console_waiters();

// attestation.cpp: /dev/attestation/user_report_data and /dev/attestation/report.
Result<uint64_t> report_data_read(uint64_t offset, uint64_t user_buffer, uint64_t size);
Result<uint64_t> report_data_write(uint64_t offset, uint64_t user_buffer, uint64_t size);
Result<uint64_t> report_read(uint64_t offset, uint64_t user_buffer, uint64_t size);

}  // namespace kernel
