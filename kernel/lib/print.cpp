#include "lib/print.h"

#include <stdarg.h>

#include "arch/x86_64/uart.h"
#include "hostcall/exit.h"
#include "lib/format.h"

namespace kernel {
namespace {

void vprint(const char* format, va_list arguments) {
  char buffer[512];
  size_t length = format_to(buffer, sizeof buffer, format, arguments);
  console_uart().write(buffer, length);
}

}  // namespace

void print(const char* format, ...) {
  va_list arguments;
  va_start(arguments, format);
  vprint(format, arguments);
  va_end(arguments);
}

void panic(const char* format, ...) {
  print("confwl-kernel: panic: ");
  va_list arguments;
  va_start(arguments, format);
  vprint(format, arguments);
  va_end(arguments);
  print("\n");
  end_run(kPanicExitStatus);
}

}  // namespace kernel
