// `confwl verify-id-block NAME.confwl.json [--image NAME.confwl] [--id-key-digest HEX]
// [--author-key-digest HEX]`: checks the SEV-SNP ID block `confwl seal --id-key` recorded, as
// SNP_LAUNCH_FINISH will: both signatures, the keys, LD against the image's launch digest (the
// manifest's, or recomputed from --image) and POLICY. Each check is one line; exit 0 only when
// all pass.
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include "command.h"
#include "confwl/atomic_file.h"
#include "confwl/attestation/launch_measurement.h"
#include "confwl/snp_id/id_block_record.h"
#include "confwl/snp_id/verify_id_block.h"

namespace confwl::cli {
namespace {

struct VerifyIdBlockOptions {
  std::string manifest;
  std::optional<std::string> image;
  std::optional<std::string> id_key_digest;
  std::optional<std::string> author_key_digest;
};

template <typename T>
T or_throw(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(*result);
}

// The launch the block must match: the image's own digest with --image, else the manifest's.
Sha384 expected_launch_digest(const VerifyIdBlockOptions& options, std::span<const std::byte> manifest) {
  if (!options.image) return or_throw(attestation::manifest_launch_measurement(manifest, options.manifest));
  const std::vector<std::byte> image = or_throw(read_file(*options.image));
  Result<Sha384> digest = attestation::launch_measurement(image);
  if (!digest) throw std::runtime_error(*options.image + ": " + digest.error().message);
  return *digest;
}

int verify_id_block_command(const VerifyIdBlockOptions& options) {
  const std::vector<std::byte> manifest = or_throw(read_file(options.manifest));
  const std::optional<snp_id::IdBlockRecord> record = or_throw(snp_id::read_id_block_record(manifest, options.manifest));
  if (!record)
    throw std::runtime_error(options.manifest + ": no " + snp_id::kIdBlockRecordKey +
                             " (the image was sealed without --id-key / SIGNING_KEY)");
  snp_id::IdBlockExpectations expected;
  expected.launch_digest = expected_launch_digest(options, manifest);
  expected.policy = record->policy;
  expected.author_key_enabled = record->author_key_enabled;
  expected.id_key_digest = options.id_key_digest
                               ? or_throw(attestation::parse_sha384_hex(*options.id_key_digest, "--id-key-digest"))
                               : record->id_key_digest;
  if (record->author_key_enabled)
    expected.author_key_digest =
        options.author_key_digest ? or_throw(attestation::parse_sha384_hex(*options.author_key_digest, "--author-key-digest"))
                                  : record->author_key_digest;
  const snp_id::IdBlockVerdict verdict = snp_id::verify_id_block(record->id_block, record->id_auth, expected);
  for (const attestation::CheckOutcome& check : verdict.checks)
    std::printf("%s %s: %s\n", check.passed ? "PASS" : "FAIL", check.name.c_str(), check.detail.c_str());
  std::printf("%s\n", verdict.passed() ? "ID block verified" : "ID block NOT verified");
  return verdict.passed() ? 0 : kExitFailure;
}

}  // namespace

void attach_verify_id_block(CLI::App& app, int& exit_code) {
  static VerifyIdBlockOptions options;
  CLI::App* command = app.add_subcommand("verify-id-block",
                                         "Check the SEV-SNP ID block and its signatures recorded in NAME.confwl.json");
  command->add_option("MANIFEST", options.manifest, "NAME.confwl.json written by `confwl seal --id-key`")->required();
  command->add_option("--image", options.image, "Check LD against this image's launch digest, recomputed (else the manifest's)");
  command->add_option("--id-key-digest", options.id_key_digest,
                      "The ID key's SHA-384 (96 hex digits) the block must be signed with (else the manifest's)");
  command->add_option("--author-key-digest", options.author_key_digest,
                      "The author key's SHA-384 (96 hex digits) the ID key must be signed with (else the manifest's)");
  command->callback([&exit_code] { exit_code = verify_id_block_command(options); });
}

}  // namespace confwl::cli
