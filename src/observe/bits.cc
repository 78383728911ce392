#include "observe/bits.h"

#include <cstring>

namespace truce::observe {

bool PayloadBits::Append(std::string_view armoured, unsigned fill_bits) {
  if (bit_len + armoured.size() * 6 > kMaxPayloadBits) return false;
  for (char c : armoured) {
    const int v = SixBitValue(c);
    if (v < 0) return false;
    // Six bits land in at most two bytes.
    const size_t byte = bit_len / 8;
    const unsigned shift = bit_len % 8;  // bits already used in `byte`
    const unsigned value = static_cast<unsigned>(v) << 2;  // left-aligned
    bytes[byte] |= static_cast<uint8_t>(value >> shift);
    if (shift > 2) {
      bytes[byte + 1] |= static_cast<uint8_t>(value << (8 - shift));
    }
    bit_len += 6;
  }
  bit_len -= fill_bits < bit_len ? fill_bits : bit_len;
  return true;
}

void PayloadBits::Clear() {
  std::memset(bytes, 0, sizeof(bytes));
  bit_len = 0;
}

}  // namespace truce::observe
