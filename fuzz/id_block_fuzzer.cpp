// libFuzzer target: the SEV-SNP ID block checks on arbitrary bytes (the first 96 as ID_BLOCK, the
// rest as ID_AUTH_INFO). The block comes from NAME.confwl.json, i.e. from anyone, and the
// simulated PSP checks it before a launch: nothing may crash, read out of bounds, or pass what
// the ABI's rules refuse.
#include <confwl/snp_id/verify_id_block.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace confwl::snp_id;
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  const std::span<const std::byte> block = bytes.first(std::min(size, kIdBlockSize));
  const std::span<const std::byte> auth = bytes.subspan(block.size());
  IdBlockExpectations expected;
  if (block.size() == kIdBlockSize) {  // let LD and POLICY match, so the signature checks run
    IdBlock parsed;
    std::memcpy(&parsed, block.data(), sizeof parsed);
    std::copy(std::begin(parsed.ld), std::end(parsed.ld), expected.launch_digest.begin());
    expected.policy = parsed.policy;
  }
  expected.author_key_enabled = size % 2 == 0;
  const IdBlockVerdict verdict = verify_id_block(block, auth, expected);
  if (verdict.passed()) {
    if (block.size() != kIdBlockSize || auth.size() != kIdAuthInfoSize || !verdict.parsed ||
        verdict.parsed->block.version != kIdBlockVersion || verdict.parsed->auth.id_key_algo != kAlgoEcdsaP384Sha384 ||
        verdict.parsed->auth.id_key.curve != kCurveP384)
      std::abort();
  }
  return 0;
}
