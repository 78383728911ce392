// AppendFixed: a double in fixed notation with `decimals` digits after the
// point, byte for byte what C's printf("%.*f") prints (the exact binary
// value rounded half to even, "-" kept for negative values that round to
// zero) -- which is what gpsd prints -- without printf's or fmt's
// format-string machinery: integer arithmetic on the exact value.
//
// Exact for |v| < 1e9 and decimals <= 9 (the product of the 53-bit
// significand and 10^decimals fits 128 bits); other values, NaN and
// infinities go through snprintf. decimal_test.cc checks it against snprintf
// on random values, halfway cases and the edges.
//
// Thread safety: pure function.
#ifndef TRUCE_OBSERVE_DECIMAL_H_
#define TRUCE_OBSERVE_DECIMAL_H_

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace truce::observe {

inline void AppendFixed(double v, int decimals, std::string* out) {
  static constexpr uint64_t kPow10[10] = {
      1,      10,      100,      1000,      10000,
      100000, 1000000, 10000000, 100000000, 1000000000};
  const double a = std::fabs(v);
  if (!(a < 1e9) || decimals < 0 || decimals > 9) {
    char buf[512];
    const int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    if (n > 0) out->append(buf, static_cast<size_t>(n) < sizeof buf ? n : 0);
    return;
  }
  uint64_t q = 0;  // round(a * 10^decimals), half to even
  if (a != 0) {
    int e = 0;
    const double f = std::frexp(a, &e);  // a = f * 2^e, f in [0.5, 1)
    const auto m = static_cast<uint64_t>(std::ldexp(f, 53));
    e -= 53;  // a = m * 2^e exactly
    const unsigned __int128 p =
        static_cast<unsigned __int128>(m) * kPow10[decimals];
    if (e >= 0) {
      q = static_cast<uint64_t>(p << e);  // a < 1e9: an integer, fits
    } else if (-e < 100) {
      const int s = -e;
      const unsigned __int128 one = 1;
      q = static_cast<uint64_t>(p >> s);
      const unsigned __int128 r = p & ((one << s) - 1);
      const unsigned __int128 half = one << (s - 1);
      if (r > half || (r == half && (q & 1) != 0)) ++q;
    }  // else: below 2^-46, rounds to zero at 9 decimals or fewer
  }
  char buf[40];
  char* end = buf + sizeof buf;
  char* p = end;
  uint64_t frac = q % kPow10[decimals];
  uint64_t whole = q / kPow10[decimals];
  for (int i = 0; i < decimals; ++i) {
    *--p = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  if (decimals > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  if (std::signbit(v)) *--p = '-';
  out->append(p, static_cast<size_t>(end - p));
}

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_DECIMAL_H_
