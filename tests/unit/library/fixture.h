// Test helper: the committed fixtures in data/ (see data/README.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace confwl::test {

// The bytes of data/<name>; fails the calling test when the file cannot be read.
std::vector<std::byte> fixture(const std::string& name);

}  // namespace confwl::test
