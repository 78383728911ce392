#include "ledger/proof.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

namespace truce::ledger {
namespace {

bool Equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

std::unexpected<Error> Rejected(std::string what) {
  return Fail(ErrorCode::kVerification, std::move(what));
}

}  // namespace

Result<std::vector<Hash>> ProofHashes(std::span<const Bytes> elements) {
  std::vector<Hash> out;
  for (size_t i = 0; i < elements.size(); ++i) {
    if (elements[i].size() != kHashBytes) {
      return Fail(ErrorCode::kVerification,
                  fmt::format("proof element {} is {} bytes, not {}", i,
                              elements[i].size(), kHashBytes));
    }
    Hash h;
    std::copy(elements[i].begin(), elements[i].end(), h.begin());
    out.push_back(h);
  }
  return out;
}

Result<Hash> RootFromInclusionProof(std::uint64_t index, std::uint64_t size,
                                    std::span<const std::uint8_t> leaf_hash,
                                    std::span<const Hash> proof) {
  if (index >= size) {
    return Rejected(
        fmt::format("index {} is not in a tree of size {}", index, size));
  }
  if (leaf_hash.size() != kHashBytes) {
    return Rejected(fmt::format("leaf hash is {} bytes, not {}",
                                leaf_hash.size(), kHashBytes));
  }
  std::uint64_t fn = index, sn = size - 1;
  Hash r;
  std::copy(leaf_hash.begin(), leaf_hash.end(), r.begin());
  for (const Hash& p : proof) {
    if (sn == 0) return Rejected("inclusion proof is too long");
    if ((fn & 1) || fn == sn) {
      r = HashChildren(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Rejected("inclusion proof is too short");
  return r;
}

Result<void> VerifyInclusion(std::uint64_t index, std::uint64_t size,
                             std::span<const std::uint8_t> leaf_hash,
                             std::span<const Hash> proof,
                             std::span<const std::uint8_t> root) {
  auto r = RootFromInclusionProof(index, size, leaf_hash, proof);
  if (!r) return std::unexpected(r.error());
  if (!Equal(*r, root)) {
    return Rejected(fmt::format(
        "inclusion proof for entry {} does not lead to the root of size {}",
        index, size));
  }
  return {};
}

Result<void> VerifyConsistency(std::uint64_t size1, std::uint64_t size2,
                               std::span<const Hash> proof,
                               std::span<const std::uint8_t> root1,
                               std::span<const std::uint8_t> root2) {
  if (size1 > size2) {
    return Rejected(fmt::format(
        "tree size went down from {} to {}: the log was rolled back", size1,
        size2));
  }
  if (size1 == 0) {
    const Hash empty = EmptyRoot();
    if (size2 != 0) {
      return Rejected(
          "a consistency proof from the empty tree proves nothing; accept "
          "the first checkpoint without one");
    }
    if (!proof.empty()) return Rejected("proof between equal sizes not empty");
    if (!Equal(root1, empty) || !Equal(root2, empty)) {
      return Rejected("root of a tree of size 0 is not the empty root");
    }
    return {};
  }
  if (size1 == size2) {
    if (!proof.empty()) return Rejected("proof between equal sizes not empty");
    if (!Equal(root1, root2)) {
      return Rejected(fmt::format(
          "two different roots for tree size {}: a split view", size1));
    }
    return {};
  }
  if (proof.empty()) return Rejected("consistency proof is empty");
  // RFC 9162 2.1.4.2.
  std::vector<Hash> path;
  if (std::has_single_bit(size1)) {
    if (root1.size() != kHashBytes) return Rejected("root1 is not 32 bytes");
    Hash first;
    std::copy(root1.begin(), root1.end(), first.begin());
    path.push_back(first);
  }
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = size1 - 1, sn = size2 - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return Rejected("consistency proof is too long");
    if ((fn & 1) || fn == sn) {
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Rejected("consistency proof is too short");
  if (!Equal(fr, root1)) {
    return Rejected(fmt::format(
        "consistency proof does not lead to the root of size {}", size1));
  }
  if (!Equal(sr, root2)) {
    return Rejected(fmt::format(
        "consistency proof does not lead to the root of size {}", size2));
  }
  return {};
}

}  // namespace truce::ledger
