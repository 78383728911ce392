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

// The same through libsodium only (the reference the fast path is tested
// against).
void Sha256Portable(std::string_view bytes, uint8_t* out);

// True when Sha256Into uses the SHA extensions on this CPU.
bool Sha256HasHardware();

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_SHA256_H_
