// The seam to the ID block: a signed ID block becomes IGVM_VHT_SNP_ID_BLOCK field by field, as
// QEMU's loader reads it back into ID_BLOCK and ID_AUTH_INFO.
#include <gtest/gtest.h>

#include <cstring>

#include "confwl/igvm/id_block.h"
#include "confwl/snp_id/p384_key.h"

namespace confwl::igvm {
namespace {

attestation::Key new_key() {
  const std::string pem = snp_id::new_p384_private_key_pem().value();
  return snp_id::parse_p384_private_key(std::as_bytes(std::span(pem.data(), pem.size())), "test key").value();
}

TEST(IgvmIdBlock, CarriesEveryFieldQemuReads) {
  const attestation::Key id_key = new_key(), author_key = new_key();
  Sha384 digest{};
  digest[0] = 0x11;
  snp_id::IdBlockInputs inputs;
  inputs.family_id[0] = 0xFA;
  inputs.image_id[15] = 0x1D;
  inputs.guest_svn = 3;
  inputs.policy = 0x30000;
  const snp_id::SignedIdBlock signed_block =
      snp_id::make_signed_id_block(digest, inputs, id_key.get(), author_key.get()).value();
  const SnpIdBlock block = igvm_id_block(signed_block);
  EXPECT_EQ(block.author_key_enabled, 1);
  EXPECT_EQ(std::memcmp(block.ld, digest.data(), 48), 0);
  EXPECT_EQ(block.family_id[0], 0xFA);
  EXPECT_EQ(block.image_id[15], 0x1D);
  EXPECT_EQ(block.version, 1u);
  EXPECT_EQ(block.guest_svn, 3u);
  EXPECT_EQ(block.id_key_algorithm, snp_id::kAlgoEcdsaP384Sha384);
  EXPECT_EQ(block.author_key_algorithm, snp_id::kAlgoEcdsaP384Sha384);
  // ID_BLOCK_SIG: R at 0x00, S at 0x48 of the firmware's signature = r_comp, s_comp.
  EXPECT_EQ(std::memcmp(block.id_key_signature.r_comp, signed_block.auth.id_block_sig.r, 72), 0);
  EXPECT_EQ(std::memcmp(block.id_key_signature.s_comp, signed_block.auth.id_block_sig.s, 72), 0);
  EXPECT_EQ(block.id_public_key.curve, snp_id::kCurveP384);
  EXPECT_EQ(std::memcmp(block.id_public_key.qx, signed_block.auth.id_key.qx, 72), 0);
  EXPECT_EQ(std::memcmp(block.id_public_key.qy, signed_block.auth.id_key.qy, 72), 0);
  EXPECT_EQ(std::memcmp(block.author_key_signature.s_comp, signed_block.auth.id_key_sig.s, 72), 0);
  EXPECT_EQ(std::memcmp(block.author_public_key.qx, signed_block.auth.author_key.qx, 72), 0);
}

TEST(IgvmIdBlock, LeavesAuthorFieldsZeroWithoutAnAuthorKey) {
  const attestation::Key id_key = new_key();
  const snp_id::SignedIdBlock signed_block = snp_id::make_signed_id_block(Sha384{}, {}, id_key.get(), nullptr).value();
  const SnpIdBlock block = igvm_id_block(signed_block);
  EXPECT_EQ(block.author_key_enabled, 0);
  const SnpIdBlockPublicKey zero{};
  EXPECT_EQ(std::memcmp(&block.author_public_key, &zero, sizeof(zero)), 0);
}

}  // namespace
}  // namespace confwl::igvm
