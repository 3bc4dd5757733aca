#include "confwl/snp_id/verify_id_block.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "confwl/attestation/ecdsa_p384.h"
#include "confwl/hex.h"
#include "confwl/snp_id/p384_key.h"

namespace confwl::snp_id {
namespace {

using attestation::CheckOutcome;
using Checks = std::vector<CheckOutcome>;

template <size_t N>
std::string hex_of(const uint8_t (&bytes)[N]) {
  return to_hex(std::span<const uint8_t>(bytes, N));
}

template <typename T>
std::span<const std::byte> bytes_of(const T& value) {
  return std::as_bytes(std::span<const T, 1>(&value, 1));
}

std::string size_problem(const char* what, size_t size, size_t expected) {
  return std::string(what) + " is " + std::to_string(size) + " bytes, expected " + std::to_string(expected);
}

// A key in the ABI format, then a signature by it; `key_name` is "id-key" or "author-key".
void check_signature(Checks& checks, const char* key_name, const EcdsaPublicKey& key, const char* signature_name,
                     std::span<const std::byte> message, const EcdsaSignature& signature, const char* message_name) {
  Result<attestation::Key> public_key = key_from_public_key_format(key);
  if (!public_key) {
    checks.push_back({key_name, false, public_key.error().message});
    checks.push_back({signature_name, false, std::string("no usable key to check it with")});
    return;
  }
  checks.push_back({key_name, true, "ECDSA P-384, SHA-384 of the key " + to_hex(public_key_digest(key))});
  Status verified = attestation::verify_ecdsa_p384(message, signature, public_key->get());
  checks.push_back({signature_name, verified.ok(),
                    verified ? std::string("ECDSA P-384/SHA-384 over ") + message_name
                             : verified.error().message + " (over " + message_name + ")"});
}

void check_algorithms(Checks& checks, const IdAuthInfo& auth, bool author_key_enabled) {
  std::string problem;
  if (auth.id_key_algo != kAlgoEcdsaP384Sha384)
    problem = "ID_KEY_ALGO " + std::to_string(auth.id_key_algo) + ", expected 1 (ECDSA P-384 with SHA-384)";
  else if (author_key_enabled && auth.auth_key_algo != kAlgoEcdsaP384Sha384)
    problem = "AUTH_KEY_ALGO " + std::to_string(auth.auth_key_algo) + ", expected 1 (ECDSA P-384 with SHA-384)";
  checks.push_back({"id-auth", problem.empty(), problem.empty() ? "ID_AUTH_INFO, ECDSA P-384 with SHA-384" : problem});
}

void check_expected_digest(Checks& checks, const char* name, const Sha384& found, const std::optional<Sha384>& expected) {
  if (!expected) return;
  const bool same = found == *expected;
  checks.push_back({name, same, same ? to_hex(found) : "the key's SHA-384 is " + to_hex(found) + ", expected " + to_hex(*expected)});
}

void check_contents(Checks& checks, const SignedIdBlock& parsed, const IdBlockExpectations& expected) {
  const IdBlock& block = parsed.block;
  const IdAuthInfo& auth = parsed.auth;
  check_signature(checks, "id-key", auth.id_key, "id-block-signature", bytes_of(block), auth.id_block_sig,
                  "the 96-byte ID_BLOCK");
  check_expected_digest(checks, "id-key-digest", parsed.id_key_digest(), expected.id_key_digest);
  if (expected.author_key_enabled) {
    check_signature(checks, "author-key", auth.author_key, "author-key-signature", bytes_of(auth.id_key),
                    auth.id_key_sig, "the 0x404-byte ID_KEY");
    check_expected_digest(checks, "author-key-digest", parsed.author_key_digest(), expected.author_key_digest);
  }
  const bool same_digest = std::equal(expected.launch_digest.begin(), expected.launch_digest.end(), block.ld);
  checks.push_back({"launch-digest", same_digest,
                    same_digest ? hex_of(block.ld)
                                : "LD is " + hex_of(block.ld) + ", the launch measured " + to_hex(expected.launch_digest)});
  const bool same_policy = block.policy == expected.policy;
  checks.push_back({"policy", same_policy,
                    "POLICY " + hex_number(block.policy) +
                        (same_policy ? "" : ", the launch uses guest policy " + hex_number(expected.policy))});
}

}  // namespace

bool IdBlockVerdict::passed() const {
  return !checks.empty() && std::all_of(checks.begin(), checks.end(), [](const CheckOutcome& c) { return c.passed; });
}

std::string IdBlockVerdict::failures() const {
  std::string text;
  for (const CheckOutcome& check : checks)
    if (!check.passed) text += (text.empty() ? "" : "; ") + check.name + ": " + check.detail;
  return text;
}

IdBlockVerdict verify_id_block(std::span<const std::byte> id_block, std::span<const std::byte> id_auth,
                               const IdBlockExpectations& expected) {
  IdBlockVerdict verdict;
  if (id_block.size() != kIdBlockSize)
    verdict.checks.push_back({"id-block", false, size_problem("the ID block", id_block.size(), kIdBlockSize)});
  if (id_auth.size() != kIdAuthInfoSize)
    verdict.checks.push_back({"id-auth", false, size_problem("ID_AUTH_INFO", id_auth.size(), kIdAuthInfoSize)});
  if (!verdict.checks.empty()) return verdict;  // nothing else can be read
  SignedIdBlock parsed;
  std::memcpy(&parsed.block, id_block.data(), kIdBlockSize);
  std::memcpy(&parsed.auth, id_auth.data(), kIdAuthInfoSize);
  parsed.author_key_enabled = expected.author_key_enabled;
  verdict.parsed = parsed;
  const bool version_ok = parsed.block.version == kIdBlockVersion;
  verdict.checks.push_back({"id-block", version_ok,
                            version_ok ? "ID_BLOCK version 1, FAMILY_ID " + hex_of(parsed.block.family_id) +
                                             ", IMAGE_ID " + hex_of(parsed.block.image_id) + ", GUEST_SVN " +
                                             std::to_string(parsed.block.guest_svn)
                                       : "VERSION " + std::to_string(parsed.block.version) + ", expected 1"});
  check_algorithms(verdict.checks, parsed.auth, expected.author_key_enabled);
  check_contents(verdict.checks, parsed, expected);
  return verdict;
}

}  // namespace confwl::snp_id
