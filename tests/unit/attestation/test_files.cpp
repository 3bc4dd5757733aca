#include "test_files.h"

#include <confwl/atomic_file.h>
#include <confwl/vmm/simulated_ca_store.h>

#include <optional>

#include "or_throw.h"

namespace confwl::attestation::test {
namespace {

// Kept in the build tree across test processes: two RSA-4096 key generations per CA are slow.
const SimulatedCa& created_once(std::optional<SimulatedCa>& slot, const char* name) {
  if (!slot) {
    slot = confwl::test::or_throw(vmm::load_or_create_simulated_ca(std::string(CONFWL_TEST_CA_DIR) + "/" + name));
  }
  return *slot;
}

}  // namespace

std::vector<std::byte> vector_file(const std::string& name) {
  return confwl::test::or_throw(read_file(std::string(CONFWL_TEST_VECTORS_DIR) + "/snp/" + name));
}

const SimulatedCa& shared_simulated_ca() {
  static std::optional<SimulatedCa> ca;
  return created_once(ca, "first");
}

const SimulatedCa& second_simulated_ca() {
  static std::optional<SimulatedCa> ca;
  return created_once(ca, "second");
}

}  // namespace confwl::attestation::test
