#include "ledger/hash.h"

#include <sodium.h>

#include <bit>

namespace truce::ledger {
namespace {

void EnsureSodium() {
  static const int ok = sodium_init();
  (void)ok;  // 0 or 1 (already initialized); SHA-256 works either way
}

}  // namespace

Hash Sha256(std::span<const std::uint8_t> bytes) {
  EnsureSodium();
  Hash out;
  crypto_hash_sha256(out.data(), bytes.data(), bytes.size());
  return out;
}

Hash Sha256(std::string_view bytes) {
  return Sha256(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                          bytes.size()));
}

Hash HashLeaf(std::span<const std::uint8_t> entry) {
  EnsureSodium();
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  const std::uint8_t prefix = 0x00;
  crypto_hash_sha256_update(&st, &prefix, 1);
  crypto_hash_sha256_update(&st, entry.data(), entry.size());
  Hash out;
  crypto_hash_sha256_final(&st, out.data());
  return out;
}

Hash HashLeaf(std::string_view entry) {
  return HashLeaf(std::span(reinterpret_cast<const std::uint8_t*>(entry.data()),
                            entry.size()));
}

Hash HashChildren(const Hash& left, const Hash& right) {
  std::uint8_t buf[1 + 2 * kHashBytes];
  buf[0] = 0x01;
  std::copy(left.begin(), left.end(), buf + 1);
  std::copy(right.begin(), right.end(), buf + 1 + kHashBytes);
  return Sha256(std::span<const std::uint8_t>(buf, sizeof buf));
}

Hash EmptyRoot() { return Sha256(std::string_view()); }

std::uint64_t SplitPoint(std::uint64_t n) {
  return std::bit_floor(n - 1);  // n >= 2, so n - 1 >= 1
}

}  // namespace truce::ledger
