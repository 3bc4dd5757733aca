// The report's ECDSA P-384/SHA-384 signature over bytes [0, 0x2A0): R and S are stored as 72-byte
// little-endian integers (firmware ABI, Appendix B); OpenSSL wants a DER ECDSA-Sig-Value.
#pragma once
#include "confwl/attestation/openssl_handles.h"
#include "confwl/attestation/snp_report.h"
#include "confwl/result.h"

namespace confwl::attestation {

// Ok when `report` is signed by `vcek_public_key` (an EC P-384 key); the error says why not.
Status verify_report_signature(const SnpAttestationReport& report, evp_pkey_st* vcek_public_key);

// Fills report.signature (and zeroes its reserved tail) with a signature by `vcek_private_key`.
Status sign_report(SnpAttestationReport& report, evp_pkey_st* vcek_private_key);

}  // namespace confwl::attestation
