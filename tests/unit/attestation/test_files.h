// Test helpers: files under tests/vectors/ and a simulated CA shared by the tests of one binary
// (generating two RSA-4096 keys takes a while).
#pragma once
#include <confwl/attestation/simulated_ca.h>

#include <cstddef>
#include <ctime>
#include <string>
#include <vector>

namespace confwl::attestation::test {

// 2024-01-01T00:00:00Z: inside the validity of every certificate in tests/vectors/snp/.
inline constexpr std::time_t kVectorTime = 1704067200;

std::vector<std::byte> vector_file(const std::string& name);  // tests/vectors/snp/<name>
const SimulatedCa& shared_simulated_ca();
const SimulatedCa& second_simulated_ca();  // "another simulated chip"

}  // namespace confwl::attestation::test
