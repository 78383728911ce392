#include "ledger/hash.h"

#include <bit>
#include <cstring>
#include <string_view>
#include <vector>

#include "observe/sha256.h"

namespace truce::ledger {

Hash Sha256(std::span<const std::uint8_t> bytes) {
  // observe's SHA-256 uses the CPU's SHA extensions when present (several
  // times libsodium's portable code; hashing was a sixth of an append's CPU)
  // and libsodium otherwise; merkle_test checks RFC 6962 vectors.
  Hash out;
  observe::Sha256Into(
      std::string_view(reinterpret_cast<const char*>(bytes.data()),
                       bytes.size()),
      out.data());
  return out;
}

Hash Sha256(std::string_view bytes) {
  return Sha256(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                          bytes.size()));
}

Hash HashLeaf(std::span<const std::uint8_t> entry) {
  // One contiguous 0x00 || entry for the one-shot digest; entries are
  // usually a few hundred bytes, so the stack holds them.
  constexpr size_t kStackBytes = 2048;
  if (entry.size() < kStackBytes) {
    std::uint8_t buf[kStackBytes];
    buf[0] = 0x00;
    // (An empty entry may have a null data pointer; memcpy must not see it.)
    if (!entry.empty()) std::memcpy(buf + 1, entry.data(), entry.size());
    return Sha256(std::span<const std::uint8_t>(buf, entry.size() + 1));
  }
  std::vector<std::uint8_t> buf(entry.size() + 1);
  buf[0] = 0x00;
  std::memcpy(buf.data() + 1, entry.data(), entry.size());
  return Sha256(buf);
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
