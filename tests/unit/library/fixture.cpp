#include "fixture.h"

#include <gtest/gtest.h>

#include "confwl/atomic_file.h"

namespace confwl::test {

std::vector<std::byte> fixture(const std::string& name) {
  Result<std::vector<std::byte>> bytes = read_file(std::string(CONFWL_TEST_DATA_DIR) + "/" + name);
  EXPECT_TRUE(bytes.ok()) << (bytes ? "" : bytes.error().message);
  return bytes ? *bytes : std::vector<std::byte>{};
}

}  // namespace confwl::test
