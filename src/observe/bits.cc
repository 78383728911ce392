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

uint64_t Ubits(const PayloadBits& bits, size_t start, unsigned width) {
  if (width == 0) return 0;
  if (start >= kMaxPayloadBits) return 0;
  if (width > 57) {  // rare: two reads
    const unsigned hi = width - 32;
    return (Ubits(bits, start, hi) << 32) | Ubits(bits, start + hi, 32);
  }
  const uint8_t* p = bits.bytes + start / 8;
  uint64_t word = 0;
  for (int i = 0; i < 8; ++i) word = (word << 8) | p[i];
  word <<= start % 8;
  return word >> (64 - width);
}

int64_t Sbits(const PayloadBits& bits, size_t start, unsigned width) {
  const uint64_t u = Ubits(bits, start, width);
  if (width == 0 || width >= 64) return static_cast<int64_t>(u);
  const uint64_t sign = uint64_t{1} << (width - 1);
  return static_cast<int64_t>((u ^ sign) - sign);
}

}  // namespace truce::observe
