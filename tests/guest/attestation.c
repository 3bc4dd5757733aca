// The attestation interface: 64 bytes written to /dev/attestation/user_report_data come back in
// the REPORT_DATA field (offset 0x50, SEV-SNP firmware ABI Table 22) of the 1184-byte report read
// from /dev/attestation/report; malformed use fails with the right errno.
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "check.h"

enum { kReportSize = 1184, kReportDataOffset = 0x50 };

int main(void) {
  uint8_t data[64];
  for (int i = 0; i < 64; ++i) data[i] = (uint8_t)(i * 7 + 1);
  int data_fd = open("/dev/attestation/user_report_data", O_WRONLY);
  CHECK(data_fd >= 0);
  CHECK_ERRNO(write(data_fd, data, 63), EINVAL);
  CHECK(write(data_fd, data, 64) == 64);
  close(data_fd);
  CHECK_ERRNO(open("/dev/attestation/report", O_WRONLY), EACCES);

  int report_fd = open("/dev/attestation/report", O_RDONLY);
  CHECK(report_fd >= 0);
  static uint8_t report[kReportSize + 16];
  ssize_t total = 0, count;
  while ((count = read(report_fd, report + total, sizeof report - (size_t)total)) > 0) total += count;
  CHECK(count == 0);
  CHECK(total == kReportSize);
  CHECK(memcmp(report + kReportDataOffset, data, 64) == 0);
  // Reading again from the start asks for a fresh report.
  CHECK(pread(report_fd, report, kReportSize, 0) == kReportSize);
  CHECK(memcmp(report + kReportDataOffset, data, 64) == 0);
  close(report_fd);
  printf("attestation: report of %zd bytes carries the report data\n", total);
  return 0;
}
