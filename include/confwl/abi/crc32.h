// CRC-32/ISO-HDLC (the zlib/Ethernet CRC): the checksum of hostcall frames. Bitwise, because
// frames are small and the kernel has no room for a table it does not need.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace confwl::abi {

constexpr uint32_t crc32_update(uint32_t crc, const uint8_t* data, size_t size) {
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB8'8320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

}  // namespace confwl::abi
