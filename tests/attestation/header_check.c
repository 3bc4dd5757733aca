/* confwl/attestation.h must compile as C (with -Wall -Wextra). */
#include <confwl/attestation.h>

int confwl_attestation_header_check_c(void) {
  uint8_t data[CONFWL_ATTESTATION_REPORT_DATA_SIZE] = {0};
  uint8_t report[CONFWL_ATTESTATION_REPORT_SIZE];
  return confwl_attestation_get_report(data, report);
}
