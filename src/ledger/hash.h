// RFC 9162 (RFC 6962) Merkle tree hashing with SHA-256.
//
// A leaf hash is SHA-256(0x00 || entry bytes); an interior node hash is
// SHA-256(0x01 || left || right); the root of the empty tree is SHA-256("").
// SHA-256 is observe/sha256.h: the CPU's SHA extensions when it has them,
// else libsodium's crypto_hash_sha256 (same digests, tested).
//
// Thread safety: pure functions.
#ifndef TRUCE_LEDGER_HASH_H_
#define TRUCE_LEDGER_HASH_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace truce::ledger {

inline constexpr size_t kHashBytes = 32;
using Hash = std::array<std::uint8_t, kHashBytes>;

// SHA-256 of `bytes` (no prefix).
Hash Sha256(std::span<const std::uint8_t> bytes);
Hash Sha256(std::string_view bytes);

// SHA-256(0x00 || entry).
Hash HashLeaf(std::span<const std::uint8_t> entry);
Hash HashLeaf(std::string_view entry);

// SHA-256(0x01 || left || right).
Hash HashChildren(const Hash& left, const Hash& right);

// The root of the empty tree, SHA-256 of no bytes.
Hash EmptyRoot();

// Largest power of two strictly less than n (n >= 2): RFC 9162's split point k.
std::uint64_t SplitPoint(std::uint64_t n);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_HASH_H_
