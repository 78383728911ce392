#include "observe/sha256.h"

#include <sodium.h>

#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace truce::observe {
namespace {

#if defined(__x86_64__)
alignas(16) constexpr uint32_t kK[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr uint32_t kInit[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

#define TRUCE_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

// One 64-byte block into the state (ABEF, CDGH register form) with
// SHA256RNDS2, SHA256MSG1 and SHA256MSG2 (the round structure of Intel's
// white paper "Intel SHA Extensions", 2013): four rounds per group, the
// message schedule kept in four registers.
TRUCE_SHA_TARGET __attribute__((always_inline)) inline void Block(
    __m128i& state0, __m128i& state1, const uint8_t* data) {
  const __m128i kMask =
      _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  const __m128i abef = state0;
  const __m128i cdgh = state1;
  __m128i w[4];
#pragma GCC unroll 16
  for (int g = 0; g < 16; ++g) {
    __m128i& cur = w[g & 3];
    if (g < 4) {
      cur = _mm_shuffle_epi8(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)),
          kMask);
    } else {
      const __m128i& w1 = w[(g + 1) & 3];
      const __m128i& w2 = w[(g + 2) & 3];
      const __m128i& w3 = w[(g + 3) & 3];
      cur = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(cur, w1),
                                               _mm_alignr_epi8(w3, w2, 4)),
                                 w3);
    }
    __m128i msg = _mm_add_epi32(
        cur, _mm_load_si128(reinterpret_cast<const __m128i*>(kK + 4 * g)));
    state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
    msg = _mm_shuffle_epi32(msg, 0x0E);
    state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
  }
  state0 = _mm_add_epi32(state0, abef);
  state1 = _mm_add_epi32(state1, cdgh);
}

// The whole digest with the state in registers from start to end: the
// blocks, the padded tail (one or two blocks: the rest, 0x80, zeros, the
// bit length as one 8-byte store), and the output byte-swapped in
// registers. Avoiding byte-wise stores of the state and the length keeps
// the loads that follow from stalling on store forwarding.
TRUCE_SHA_TARGET void Sha256Ni(std::string_view bytes, uint8_t* out) {
  const __m128i kMask =
      _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kInit));
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kInit + 4));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                // CDAB
  state1 = _mm_shuffle_epi32(state1, 0x1B);          // EFGH
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);       // CDGH

  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  const size_t whole = n / 64;
  for (size_t b = 0; b < whole; ++b) Block(state0, state1, p + 64 * b);
  alignas(16) uint8_t last[128] = {};
  const size_t rest = n - whole * 64;
  if (rest > 0) std::memcpy(last, p + whole * 64, rest);
  last[rest] = 0x80;
  const size_t tail_blocks = rest < 56 ? 1 : 2;
  const uint64_t bits_be = __builtin_bswap64(static_cast<uint64_t>(n) * 8);
  std::memcpy(last + tail_blocks * 64 - 8, &bits_be, 8);
  Block(state0, state1, last);
  if (tail_blocks == 2) Block(state0, state1, last + 64);

  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // HGFE
  // Each 32-bit word big-endian: the digest's byte order.
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                   _mm_shuffle_epi8(state0, kMask));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16),
                   _mm_shuffle_epi8(state1, kMask));
}

// Two short messages (under 56 bytes: one padded block each) with their
// rounds interleaved: SHA256RNDS2 is latency-bound, so two independent
// chains run in about the time of one.
TRUCE_SHA_TARGET void Sha256Ni2(std::string_view a, uint8_t* out_a,
                                std::string_view b, uint8_t* out_b) {
  const __m128i kMask =
      _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kInit));
  __m128i init1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kInit + 4));
  tmp = _mm_shuffle_epi32(tmp, 0xB1);
  init1 = _mm_shuffle_epi32(init1, 0x1B);
  const __m128i init0 = _mm_alignr_epi8(tmp, init1, 8);
  init1 = _mm_blend_epi16(init1, tmp, 0xF0);

  alignas(16) uint8_t block[2][64] = {};
  const std::string_view in[2] = {a, b};
  for (int m = 0; m < 2; ++m) {
    const size_t n = in[m].size();
    if (n > 0) std::memcpy(block[m], in[m].data(), n);
    block[m][n] = 0x80;
    const uint64_t bits_be = __builtin_bswap64(static_cast<uint64_t>(n) * 8);
    std::memcpy(block[m] + 56, &bits_be, 8);
  }
  __m128i s0[2] = {init0, init0}, s1[2] = {init1, init1};
  __m128i w[2][4];
#pragma GCC unroll 16
  for (int g = 0; g < 16; ++g) {
#pragma GCC unroll 2
    for (int m = 0; m < 2; ++m) {
      __m128i& cur = w[m][g & 3];
      if (g < 4) {
        cur = _mm_shuffle_epi8(
            _mm_load_si128(reinterpret_cast<const __m128i*>(block[m] + 16 * g)),
            kMask);
      } else {
        const __m128i& w1 = w[m][(g + 1) & 3];
        const __m128i& w2 = w[m][(g + 2) & 3];
        const __m128i& w3 = w[m][(g + 3) & 3];
        cur = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(cur, w1),
                                                 _mm_alignr_epi8(w3, w2, 4)),
                                   w3);
      }
      __m128i msg = _mm_add_epi32(
          cur, _mm_load_si128(reinterpret_cast<const __m128i*>(kK + 4 * g)));
      s1[m] = _mm_sha256rnds2_epu32(s1[m], s0[m], msg);
      msg = _mm_shuffle_epi32(msg, 0x0E);
      s0[m] = _mm_sha256rnds2_epu32(s0[m], s1[m], msg);
    }
  }
  uint8_t* out[2] = {out_a, out_b};
  for (int m = 0; m < 2; ++m) {
    const __m128i st0 = _mm_add_epi32(s0[m], init0);
    __m128i st1 = _mm_add_epi32(s1[m], init1);
    const __m128i t = _mm_shuffle_epi32(st0, 0x1B);  // FEBA
    st1 = _mm_shuffle_epi32(st1, 0xB1);              // DCHG
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out[m]),
                     _mm_shuffle_epi8(_mm_blend_epi16(t, st1, 0xF0), kMask));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out[m] + 16),
                     _mm_shuffle_epi8(_mm_alignr_epi8(st1, t, 8), kMask));
  }
}

#undef TRUCE_SHA_TARGET

// CPUID: leaf 1 ECX bit 9 SSSE3, bit 19 SSE4.1; leaf 7 EBX bit 29 SHA.
// (cpuid.h rather than __builtin_cpu_supports("sha"), which clang 16, the
// fuzz build's compiler, does not know.)
bool DetectNi() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
  const bool ssse3 = (c & (1u << 9)) != 0;
  const bool sse41 = (c & (1u << 19)) != 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
  const bool sha = (b & (1u << 29)) != 0;
  return ssse3 && sse41 && sha;
}

const bool kHasNi = DetectNi();
#else
constexpr bool kHasNi = false;
#endif

}  // namespace

void Sha256Portable(std::string_view bytes, uint8_t* out) {
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
}

void Sha256Into(std::string_view bytes, uint8_t* out) {
#if defined(__x86_64__)
  if (kHasNi) {
    Sha256Ni(bytes, out);
    return;
  }
#endif
  Sha256Portable(bytes, out);
}

void Sha256Into2(std::string_view a, uint8_t* out_a, std::string_view b,
                 uint8_t* out_b) {
#if defined(__x86_64__)
  if (kHasNi && a.size() < 56 && b.size() < 56) {
    Sha256Ni2(a, out_a, b, out_b);
    return;
  }
#endif
  Sha256Into(a, out_a);
  Sha256Into(b, out_b);
}

bool Sha256HasHardware() { return kHasNi; }

}  // namespace truce::observe
