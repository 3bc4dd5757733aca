// The SNP ID block and ID_AUTH_INFO of `confwl seal --id-key` as NAME.igvm's IGVM_VHT_SNP_ID_BLOCK.
// QEMU's loader (backends/igvm.c, qigvm_directive_snp_id_block) rebuilds the firmware structures
// from it: signatures {r, s} at offsets 0 and 0x48 of the 0x200-byte signature, public keys as
// CURVE, QX, QY; VERSION is forced to 1 and POLICY taken from the file's GUEST_POLICY, so the
// policy signed must be the policy in GUEST_POLICY.
#pragma once
#include "confwl/igvm/format.h"
#include "confwl/snp_id/sign_id_block.h"

namespace confwl::igvm {

SnpIdBlock igvm_id_block(const snp_id::SignedIdBlock& signed_block);

}  // namespace confwl::igvm
