// SHA-256 (FIPS 180-4) of short byte strings, the evidence digest of every
// observation (one or two 64-byte blocks for an AIS sentence). Uses the x86
// SHA extensions when the CPU has them (checked once, at run time), about
// four times faster than libsodium's portable code on a 50-byte sentence;
// otherwise libsodium. Both give the same digest: ais_fast_test.cc checks
// FIPS 180-2 vectors and every length 0..300 against libsodium.
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_SHA256_H_
#define TRUCE_OBSERVE_SHA256_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace truce::observe {

// The digest of `bytes` into out[0..32).
void Sha256Into(std::string_view bytes, uint8_t* out);

// The digests of two byte strings at once (faster than two calls when both
// are under 56 bytes and the CPU has the SHA extensions: the two are
// interleaved).
void Sha256Into2(std::string_view a, uint8_t* out_a, std::string_view b,
                 uint8_t* out_b);

// The same through libsodium only (the reference the fast path is tested
// against).
void Sha256Portable(std::string_view bytes, uint8_t* out);

// True when Sha256Into uses the SHA extensions on this CPU.
bool Sha256HasHardware();

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_SHA256_H_
