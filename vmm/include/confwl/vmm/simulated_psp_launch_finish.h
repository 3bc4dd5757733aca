// The simulated PSP's SNP_LAUNCH_FINISH with an ID block (SEV-SNP Firmware ABI 8.18): before the
// guest runs, the launch digest of the bytes the engine will boot must equal the block's LD, the
// block's POLICY the launch's guest policy, and the ID block and author key signatures must
// verify; otherwise the launch is refused, as real firmware refuses it. An accepted block's
// identity (family/image id, guest SVN, key digests, AUTHOR_KEY_EN) goes into every report.
#pragma once
#include <confwl/result.h>
#include <confwl/snp_id/id_block_record.h>

#include <cstddef>
#include <span>

#include "confwl/vmm/simulated_psp.h"

namespace confwl::vmm {

// `id` comes from NAME.confwl.json (untrusted: its bytes are checked here); `id.policy` is the
// guest policy the launch uses. The error lists every failed check.
Result<SimulatedLaunch> simulated_launch_finish(std::span<const std::byte> image, const snp_id::IdBlockRecord& id);

}  // namespace confwl::vmm
