#include "ledger/merkle_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

namespace truce::ledger {
namespace {

// MTH(D[begin:end]) where begin is a multiple of bit_ceil(end - begin), as it
// is for every subtree the RFC recursions visit: a perfect node read directly,
// or the right-edge fold of the perfect nodes of end - begin's decomposition.
Result<Hash> RangeHash(const NodeSource& src, std::uint64_t begin,
                       std::uint64_t end) {
  const std::uint64_t n = end - begin;
  if (n == 0) return EmptyRoot();
  if (std::has_single_bit(n)) {
    const unsigned level = std::countr_zero(n);
    return src.Node({level, begin >> level});
  }
  std::vector<Hash> pieces;
  std::uint64_t pos = begin;
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    if (n & width) {
      auto h = src.Node({static_cast<unsigned>(level), pos >> level});
      if (!h) return h;
      pieces.push_back(*h);
      pos += width;
    }
  }
  Hash acc = pieces.back();
  for (size_t j = pieces.size() - 1; j-- > 0;) {
    acc = HashChildren(pieces[j], acc);
  }
  return acc;
}

}  // namespace

void MerkleTree::Append(const Hash& leaf_hash) {
  for (const NodeHash& n : range_.Append(leaf_hash)) {
    if (levels_.size() <= n.id.level) levels_.resize(n.id.level + 1);
    levels_[n.id.level].push_back(n.hash);
  }
}

Result<Hash> MerkleTree::Node(NodeId id) const {
  if (id.level >= levels_.size() || id.index >= levels_[id.level].size()) {
    return Fail(
        ErrorCode::kNotFound,
        fmt::format("no node at level {} index {}", id.level, id.index));
  }
  return levels_[id.level][id.index];
}

Result<Hash> RootAt(const NodeSource& src, std::uint64_t size) {
  if (size > src.Size()) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("tree size {} is beyond the log's {} entries", size,
                            src.Size()));
  }
  return RangeHash(src, 0, size);
}

Result<std::vector<Hash>> InclusionProof(const NodeSource& src,
                                         std::uint64_t index,
                                         std::uint64_t size) {
  if (size > src.Size() || index >= size) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("no entry {} in a tree of size {} (log has {})",
                            index, size, src.Size()));
  }
  std::vector<Hash> proof;  // root side first, reversed at the end
  std::uint64_t begin = 0, end = size;
  while (end - begin > 1) {
    const std::uint64_t k = SplitPoint(end - begin);
    Result<Hash> sibling;
    if (index - begin < k) {
      sibling = RangeHash(src, begin + k, end);
      end = begin + k;
    } else {
      sibling = RangeHash(src, begin, begin + k);
      begin += k;
    }
    if (!sibling) return std::unexpected(sibling.error());
    proof.push_back(*sibling);
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash>> ConsistencyProof(const NodeSource& src,
                                           std::uint64_t size1,
                                           std::uint64_t size2) {
  if (size1 == 0 || size1 > size2 || size2 > src.Size()) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("no consistency proof from size {} to size {} "
                            "(log has {} entries)",
                            size1, size2, src.Size()),
                "need 0 < from <= to <= log size");
  }
  std::vector<Hash> proof;
  std::uint64_t begin = 0, end = size2, m = size1;
  bool whole = true;  // SUBPROOF's b
  while (true) {
    const std::uint64_t n = end - begin;
    if (m == n) {
      if (!whole) {
        auto h = RangeHash(src, begin, end);
        if (!h) return std::unexpected(h.error());
        proof.push_back(*h);
      }
      break;
    }
    const std::uint64_t k = SplitPoint(n);
    Result<Hash> sibling;
    if (m <= k) {
      sibling = RangeHash(src, begin + k, end);
      end = begin + k;
    } else {
      sibling = RangeHash(src, begin, begin + k);
      begin += k;
      m -= k;
      whole = false;
    }
    if (!sibling) return std::unexpected(sibling.error());
    proof.push_back(*sibling);
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

}  // namespace truce::ledger
