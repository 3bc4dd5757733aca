#include "confwl/snp_id/id_block_record.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "confwl/attestation/launch_measurement.h"
#include "confwl/hex.h"

namespace confwl::snp_id {
namespace {

using Json = nlohmann::ordered_json;

std::string base64(std::span<const std::byte> bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  text.resize(static_cast<size_t>(length));
  return text;
}

// Standard base64 with padding, nothing else (no whitespace, no line breaks).
Result<std::vector<std::byte>> unbase64(const std::string& text, const std::string& what) {
  if (text.size() % 4 != 0 || text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != std::string::npos)
    return Error{what + ": expected base64 text (A-Z a-z 0-9 + /, padded with = to a multiple of 4)"};
  std::vector<std::byte> bytes(text.size() / 4 * 3);
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                     reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (length < 0) return Error{what + ": invalid base64"};
  const size_t padding = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
  bytes.resize(static_cast<size_t>(length) - padding);
  return bytes;
}

template <size_t N>
std::string hex_of(const uint8_t (&bytes)[N]) {
  return to_hex(std::span<const uint8_t>(bytes, N));
}

struct Fields {
  const Json& record;
  const std::string& prefix;  // "FILE: sev_snp_id_block"

  Result<std::string> string(const char* key) const {
    const auto found = record.find(key);
    if (found == record.end() || !found->is_string()) return Error{prefix + "." + key + ": expected a string"};
    return found->get<std::string>();
  }
  Result<std::vector<std::byte>> bytes(const char* key) const {
    Result<std::string> text = string(key);
    if (!text) return text.error();
    return unbase64(*text, prefix + "." + key);
  }
  Result<Sha384> digest(const char* key) const {
    Result<std::string> text = string(key);
    if (!text) return text.error();
    return attestation::parse_sha384_hex(*text, prefix + "." + key);
  }
};

Result<uint64_t> parse_policy(const Fields& fields) {
  Result<std::string> text = fields.string("policy");
  if (!text) return text.error();
  const bool hex = text->starts_with("0x");
  const char* digits = text->c_str() + (hex ? 2 : 0);
  char* end = nullptr;
  errno = 0;
  const unsigned long long policy = std::strtoull(digits, &end, hex ? 16 : 10);
  // strtoull would accept a sign or leading spaces: the first character must be a digit.
  if (std::isxdigit(static_cast<unsigned char>(*digits)) && errno == 0 && end == text->c_str() + text->size())
    return policy;
  return Error{fields.prefix + ".policy: expected a number such as \"0x30000\", got \"" + text->substr(0, 40) + "\""};
}

Result<IdBlockRecord> parse_record(const Json& json, const std::string& prefix) {
  if (!json.is_object()) return Error{prefix + ": expected an object"};
  const Fields fields{json, prefix};
  IdBlockRecord record;
  for (auto [key, target] : {std::pair{"id_block", &record.id_block}, std::pair{"id_auth", &record.id_auth}}) {
    Result<std::vector<std::byte>> bytes = fields.bytes(key);
    if (!bytes) return bytes.error();
    *target = std::move(*bytes);
  }
  const auto enabled = json.find("author_key_enabled");
  if (enabled == json.end() || !enabled->is_boolean()) return Error{prefix + ".author_key_enabled: expected true or false"};
  record.author_key_enabled = enabled->get<bool>();
  for (auto [key, target] : {std::pair{"id_key_digest", &record.id_key_digest},
                             std::pair{"author_key_digest", &record.author_key_digest}}) {
    Result<Sha384> digest = fields.digest(key);
    if (!digest) return digest.error();
    *target = *digest;
  }
  Result<uint64_t> policy = parse_policy(fields);
  if (!policy) return policy.error();
  record.policy = *policy;
  return record;
}

}  // namespace

std::string id_block_record_json(const SignedIdBlock& signed_block) {
  const IdBlock& block = signed_block.block;
  const Json record{{"id_block", base64(signed_block.block_bytes())},
                    {"id_auth", base64(signed_block.auth_bytes())},
                    {"author_key_enabled", signed_block.author_key_enabled},
                    {"launch_digest", hex_of(block.ld)},
                    {"family_id", hex_of(block.family_id)},
                    {"image_id", hex_of(block.image_id)},
                    {"guest_svn", block.guest_svn},
                    {"policy", hex_number(block.policy)},
                    {"id_key_digest", to_hex(signed_block.id_key_digest())},
                    {"author_key_digest", to_hex(signed_block.author_key_digest())}};
  return record.dump();
}

Result<std::optional<IdBlockRecord>> read_id_block_record(std::span<const std::byte> manifest_json,
                                                          const std::string& source) {
  const auto* text = reinterpret_cast<const char*>(manifest_json.data());
  const Json manifest = Json::parse(text, text + manifest_json.size(), nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded() || !manifest.is_object())
    return Error{source + ": not a JSON object (expected NAME.confwl.json written by `confwl seal`)"};
  const auto found = manifest.find(kIdBlockRecordKey);
  if (found == manifest.end()) return std::optional<IdBlockRecord>();
  Result<IdBlockRecord> record = parse_record(*found, source + ": " + kIdBlockRecordKey);
  if (!record) return record.error();
  return std::optional<IdBlockRecord>(std::move(*record));
}

}  // namespace confwl::snp_id
