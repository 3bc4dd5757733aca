/* attest NONCE_HEX: asks for an attestation report bound to NONCE_HEX (up to 64 bytes as hex
 * digits; zero-padded to the 64 bytes of REPORT_DATA) and prints the report as hex, one line.
 * Whoever sent the nonce checks the report with:
 *   confwl verify REPORT --manifest attest.confwl.json --report-data NONCE_HEX [--allow-simulated] */
#include <confwl/attestation.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* The nonce's bytes in `data` (zeroed first); -1 unless it is 2..128 hex digits, an even number. */
static int parse_nonce(const char* text, uint8_t data[CONFWL_ATTESTATION_REPORT_DATA_SIZE]) {
  size_t length = strlen(text);
  memset(data, 0, CONFWL_ATTESTATION_REPORT_DATA_SIZE);
  if (length == 0 || length % 2 != 0 || length > 2 * CONFWL_ATTESTATION_REPORT_DATA_SIZE) return -1;
  for (size_t i = 0; i < length; i += 2) {
    int high = hex_digit(text[i]), low = hex_digit(text[i + 1]);
    if (high < 0 || low < 0) return -1;
    data[i / 2] = (uint8_t)(high << 4 | low);
  }
  return 0;
}

int main(int argc, char** argv) {
  uint8_t data[CONFWL_ATTESTATION_REPORT_DATA_SIZE];
  if (argc != 2 || parse_nonce(argv[1], data) != 0) {
    fprintf(stderr, "usage: attest NONCE_HEX (2 to 128 hex digits)\n");
    return 2;
  }
  static uint8_t report[CONFWL_ATTESTATION_REPORT_SIZE];
  if (confwl_attestation_get_report(data, report) != 0) {
    fprintf(stderr, "attest: no attestation report: %s\n", strerror(errno));
    return 1;
  }
  printf("report: ");
  for (size_t i = 0; i < sizeof report; ++i) printf("%02x", report[i]);
  printf("\n");
  return 0;
}
