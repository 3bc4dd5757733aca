/* confwl/attestation.h: attestation for a workload running inside a ConfWL guest (C and C++).
 *
 * Like Gramine's /dev/attestation: write 64 bytes of report data (a nonce, a hash of a public
 * key, ...) to /dev/attestation/user_report_data, then read /dev/attestation/report to get an
 * SEV-SNP ATTESTATION_REPORT (1184 bytes, AMD SEV-SNP firmware ABI Table 22) whose REPORT_DATA
 * is those bytes and whose MEASUREMENT identifies the sealed image. Send the report to whoever
 * must trust the workload; they check it with `confwl verify REPORT --manifest NAME.confwl.json
 * --report-data HEX`. Under `confwl run` the report comes from ConfWL's simulated PSP.
 *
 * Header only, no ConfWL library to link: it needs open/read/write/close from the C library.
 * Functions return 0 on success and -1 with errno set on failure. */
#ifndef CONFWL_ATTESTATION_H
#define CONFWL_ATTESTATION_H

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#define CONFWL_ATTESTATION_REPORT_DATA_SIZE 64
#define CONFWL_ATTESTATION_REPORT_SIZE 1184
#define CONFWL_ATTESTATION_REPORT_DATA_OFFSET 0x50  /* REPORT_DATA in the report */
#define CONFWL_ATTESTATION_MEASUREMENT_OFFSET 0x90  /* MEASUREMENT (48 bytes) in the report */
#define CONFWL_ATTESTATION_USER_REPORT_DATA_PATH "/dev/attestation/user_report_data"
#define CONFWL_ATTESTATION_REPORT_PATH "/dev/attestation/report"

#ifdef __cplusplus
extern "C" {
#endif

/* Sets the REPORT_DATA of the next report: exactly CONFWL_ATTESTATION_REPORT_DATA_SIZE bytes. */
static inline int confwl_attestation_set_report_data(const uint8_t data[CONFWL_ATTESTATION_REPORT_DATA_SIZE]) {
  int fd = open(CONFWL_ATTESTATION_USER_REPORT_DATA_PATH, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t written = write(fd, data, CONFWL_ATTESTATION_REPORT_DATA_SIZE);
  int saved_errno = errno;
  close(fd);
  if (written == CONFWL_ATTESTATION_REPORT_DATA_SIZE) return 0;
  errno = written < 0 ? saved_errno : EIO;
  return -1;
}

/* Reads a fresh report carrying the last report data set into `report`. */
static inline int confwl_attestation_read_report(uint8_t report[CONFWL_ATTESTATION_REPORT_SIZE]) {
  int fd = open(CONFWL_ATTESTATION_REPORT_PATH, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t total = 0;
  int failure = 0;
  while (total < CONFWL_ATTESTATION_REPORT_SIZE) {
    ssize_t count = read(fd, report + total, CONFWL_ATTESTATION_REPORT_SIZE - total);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) failure = errno;
    if (count <= 0) break;
    total += (size_t)count;
  }
  close(fd);
  if (total == CONFWL_ATTESTATION_REPORT_SIZE) return 0;
  errno = failure ? failure : EIO; /* a short report is broken, not "try again" */
  return -1;
}

/* Both steps: a report whose REPORT_DATA is `data` (checked: EIO if the report carries other data). */
static inline int confwl_attestation_get_report(const uint8_t data[CONFWL_ATTESTATION_REPORT_DATA_SIZE],
                                                uint8_t report[CONFWL_ATTESTATION_REPORT_SIZE]) {
  if (confwl_attestation_set_report_data(data) != 0) return -1;
  if (confwl_attestation_read_report(report) != 0) return -1;
  for (size_t i = 0; i < CONFWL_ATTESTATION_REPORT_DATA_SIZE; ++i) {
    if (report[CONFWL_ATTESTATION_REPORT_DATA_OFFSET + i] != data[i]) {
      errno = EIO;
      return -1;
    }
  }
  return 0;
}

#ifdef __cplusplus
}
#endif

#endif /* CONFWL_ATTESTATION_H */
