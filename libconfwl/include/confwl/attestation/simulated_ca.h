// ConfWL's simulated AMD key hierarchy, for the simulated PSP: an ARK (RSA-4096, self-signed with
// RSASSA-PSS/SHA-384, salt 48, as AMD's), an ASK (RSA-4096) it signs, and a VCEK (EC P-384) the
// ASK signs. Subjects say "ConfWL simulated PSP", and the chip id of its reports carries
// kSimulatedChipIdMarker, so nobody mistakes it for AMD's. Created in memory here; vmm/ keeps one
// per user on disk.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "confwl/attestation/cert_chain.h"
#include "confwl/attestation/openssl_handles.h"
#include "confwl/result.h"

namespace confwl::attestation {

// The first 16 bytes of CHIP_ID in every report of a simulated PSP; the other 48 are the SHA-384
// of the VCEK public key, so two simulated chips differ.
inline constexpr std::array<uint8_t, 16> kSimulatedChipIdMarker = {
    'C', 'O', 'N', 'F', 'W', 'L', '-', 'S', 'I', 'M', 'U', 'L', 'A', 'T', 'E', 'D'};

bool is_simulated_chip_id(std::span<const uint8_t, 64> chip_id);

struct SimulatedCa {
  CertChain certificates;
  Key ark_key;
  Key ask_key;
  Key vcek_key;
};

// New keys and certificates (two RSA-4096 key generations: about a second or more).
Result<SimulatedCa> create_simulated_ca();

// The chip id a simulated PSP signing with `vcek` puts in its reports.
std::array<uint8_t, 64> simulated_chip_id(x509_st* vcek);

// PEM (PKCS#8, unencrypted) of a private key, and the key back from such text.
std::string private_key_pem(evp_pkey_st* key);
Result<Key> parse_private_key(const std::string& pem, const std::string& source);

}  // namespace confwl::attestation
