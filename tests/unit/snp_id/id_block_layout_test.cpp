// The ID block structures byte for byte where the ABI puts each field (the headers also
// static_assert every offset): what QEMU, KVM and the PSP read.
#include <gtest/gtest.h>

#include <cstring>

#include "confwl/snp_id/id_block.h"

namespace confwl::snp_id {
namespace {

template <typename T>
const uint8_t* raw(const T& value) {
  return reinterpret_cast<const uint8_t*>(&value);
}

TEST(IdBlockLayout, FieldsAtTheirAbiOffsetsLittleEndian) {
  IdBlock block{};
  block.ld[0] = 0xAA;
  block.family_id[0] = 0xF1;
  block.image_id[15] = 0x1D;
  block.version = kIdBlockVersion;
  block.guest_svn = 0x01020304;
  block.policy = 0x30000;
  ASSERT_EQ(sizeof block, 96u);
  EXPECT_EQ(raw(block)[0x00], 0xAA);
  EXPECT_EQ(raw(block)[0x30], 0xF1);
  EXPECT_EQ(raw(block)[0x4F], 0x1D);
  EXPECT_EQ(raw(block)[0x50], 1);
  EXPECT_EQ(raw(block)[0x54], 0x04);
  EXPECT_EQ(raw(block)[0x57], 0x01);
  EXPECT_EQ(raw(block)[0x5A], 0x03);
}

TEST(IdBlockLayout, AuthInfoAndKeyFormat) {
  IdAuthInfo auth{};
  auth.id_key_algo = kAlgoEcdsaP384Sha384;
  auth.auth_key_algo = kAlgoEcdsaP384Sha384;
  auth.id_block_sig.r[0] = 0x11;
  auth.id_block_sig.s[0] = 0x22;
  auth.id_key.curve = kCurveP384;
  auth.id_key.qx[0] = 0x33;
  auth.id_key.qy[0] = 0x44;
  auth.id_key_sig.r[0] = 0x55;
  auth.author_key.curve = kCurveP384;
  ASSERT_EQ(sizeof auth, 0x1000u);
  ASSERT_EQ(sizeof(EcdsaPublicKey), 0x404u);
  EXPECT_EQ(raw(auth)[0x000], 1);
  EXPECT_EQ(raw(auth)[0x004], 1);
  EXPECT_EQ(raw(auth)[0x040], 0x11);
  EXPECT_EQ(raw(auth)[0x040 + 0x48], 0x22);
  EXPECT_EQ(raw(auth)[0x240], 2);
  EXPECT_EQ(raw(auth)[0x244], 0x33);
  EXPECT_EQ(raw(auth)[0x28C], 0x44);
  EXPECT_EQ(raw(auth)[0x680], 0x55);
  EXPECT_EQ(raw(auth)[0x880], 2);
}

}  // namespace
}  // namespace confwl::snp_id
