// Six-bit AIS payload armouring and a big-endian bit reader.
//
// An AIVDM payload is ASCII armouring of a bit string: each character carries
// six bits (ITU-R M.1371 / IEC 61162-1). PayloadBits holds the de-armoured
// bits of one AIS message (one or several sentences) in a fixed buffer, so
// decoding a message never allocates. Bits past bit_len (fill bits) are kept
// as they arrived, as gpsd keeps them, because gpsd's hex dumps of binary
// payloads include them.
//
// Ownership: PayloadBits is a plain value (about 260 bytes).
// Thread safety: plain values and pure functions.
#ifndef TRUCE_OBSERVE_BITS_H_
#define TRUCE_OBSERVE_BITS_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace truce::observe {

// Largest message we accept: 5 slots are 1008 bits; NMEA allows up to 9
// fragments, so we leave room and reject anything longer.
inline constexpr size_t kMaxPayloadBits = 2048;
inline constexpr size_t kMaxPayloadBytes = kMaxPayloadBits / 8;

// The six-bit value of an armoured payload character, or -1 if `c` is not a
// valid armouring character ('0'..'W' and '`'..'w').
constexpr int SixBitValue(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= '0' && u <= 'W') return u - '0';
  if (u >= '`' && u <= 'w') return u - '0' - 8;
  return -1;
}

// The armouring character of a six-bit value 0..63.
constexpr char SixBitChar(unsigned v) {
  return static_cast<char>(v < 40 ? v + '0' : v + '0' + 8);
}

struct PayloadBits {
  // 8 bytes of zero padding let the reader load whole words.
  uint8_t bytes[kMaxPayloadBytes + 8] = {};
  size_t bit_len = 0;

  // Appends the armoured characters of one sentence, then drops `fill_bits`
  // from the length (the bits stay in the buffer, as in gpsd). Returns false,
  // leaving the buffer in an unspecified state, on an invalid character or
  // when the message would exceed kMaxPayloadBits.
  bool Append(std::string_view armoured, unsigned fill_bits);

  void Clear();
};

// Bits [start, start+width) as an unsigned big-endian integer; bits past the
// buffer read as zero. width <= 64. Inline: the decoders call it for every
// field of every message.
inline uint64_t Ubits(const PayloadBits& bits, size_t start, unsigned width) {
  if (width == 0) return 0;
  if (start >= kMaxPayloadBits) return 0;
  if (width > 57) {  // rare: two reads
    const unsigned hi = width - 32;
    return (Ubits(bits, start, hi) << 32) | Ubits(bits, start + hi, 32);
  }
  // One big-endian 8-byte load (the buffer has 8 bytes of padding).
  const uint8_t* p = bits.bytes + start / 8;
  uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);
  if constexpr (std::endian::native == std::endian::little) {
    word = __builtin_bswap64(word);
  }
  word <<= start % 8;
  return word >> (64 - width);
}

// The same bits as a two's-complement signed integer.
inline int64_t Sbits(const PayloadBits& bits, size_t start, unsigned width) {
  const uint64_t u = Ubits(bits, start, width);
  if (width == 0 || width >= 64) return static_cast<int64_t>(u);
  const uint64_t sign = uint64_t{1} << (width - 1);
  return static_cast<int64_t>((u ^ sign) - sign);
}

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_BITS_H_
