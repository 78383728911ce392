// Six-bit AIS text (ITU-R M.1371 table 47) read from payload bits, with
// gpsd's rules: stop at the first '@' (value 0), then trim trailing spaces
// and '@'.
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_SIXBIT_TEXT_H_
#define TRUCE_OBSERVE_SIXBIT_TEXT_H_

#include <cstddef>

#include "observe/bits.h"
#include "observe/fixed_string.h"

namespace truce::observe {

inline constexpr char kSixBitAscii[65] =
    "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

template <size_t N>
void TrimRight(FixedString<N>* s) {
  while (s->size > 0 &&
         (s->data[s->size - 1] == ' ' || s->data[s->size - 1] == '@')) {
    --s->size;
  }
}

// Up to `count` characters (and at most N) from bit `start`.
template <size_t N>
void SixbitText(const PayloadBits& bits, size_t start, size_t count,
                FixedString<N>* out, bool trim = true) {
  out->size = 0;
  if (count > N) count = N;
  for (size_t i = 0; i < count; ++i) {
    const char c = kSixBitAscii[Ubits(bits, start + 6 * i, 6)];
    if (c == '@') break;
    out->push_back(c);
  }
  if (trim) TrimRight(out);
}

// All whole characters from `start` to the end of the message.
template <size_t N>
void SixbitTextToEnd(const PayloadBits& bits, size_t start, FixedString<N>* out,
                     bool trim = true) {
  if (bits.bit_len <= start) {
    out->size = 0;
    return;
  }
  SixbitText(bits, start, (bits.bit_len - start) / 6, out, trim);
}

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_SIXBIT_TEXT_H_
