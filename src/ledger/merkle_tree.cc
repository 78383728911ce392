#include "ledger/merkle_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

namespace truce::ledger {
namespace {

// A subtree D[begin:end] the RFC recursions visit (begin is a multiple of
// bit_ceil(end - begin)).
struct Range {
  std::uint64_t begin = 0, end = 0;
};

// The perfect subtrees D[begin:end] is made of, leftmost first: one node if
// it is perfect, else the nodes of its right-edge decomposition.
void AppendRangeIds(const Range& r, std::vector<NodeId>& ids) {
  const std::uint64_t n = r.end - r.begin;
  std::uint64_t pos = r.begin;
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    if (n & width) {
      ids.push_back({static_cast<unsigned>(level), pos >> level});
      pos += width;
    }
  }
}

// MTH of each range (non-empty), every node read with one Nodes() call.
Result<std::vector<Hash>> RangeHashes(const NodeSource& src,
                                      std::span<const Range> ranges) {
  std::vector<NodeId> ids;
  std::vector<size_t> starts;
  for (const Range& r : ranges) {
    starts.push_back(ids.size());
    AppendRangeIds(r, ids);
  }
  starts.push_back(ids.size());
  auto hashes = src.Nodes(ids);
  if (!hashes) return std::unexpected(hashes.error());
  std::vector<Hash> out;
  out.reserve(ranges.size());
  for (size_t i = 0; i + 1 < starts.size(); ++i) {
    // Fold the pieces right to left: the ragged right edge hangs off the
    // rightmost perfect subtree.
    Hash acc = (*hashes)[starts[i + 1] - 1];
    for (size_t j = starts[i + 1] - 1; j-- > starts[i];) {
      acc = HashChildren((*hashes)[j], acc);
    }
    out.push_back(acc);
  }
  return out;
}

}  // namespace

Result<std::vector<Hash>> NodeSource::Nodes(std::span<const NodeId> ids) const {
  std::vector<Hash> out;
  out.reserve(ids.size());
  for (const NodeId& id : ids) {
    auto h = Node(id);
    if (!h) return std::unexpected(h.error());
    out.push_back(*h);
  }
  return out;
}

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
  if (size == 0) return EmptyRoot();
  const Range whole{0, size};
  auto root = RangeHashes(src, std::span(&whole, 1));
  if (!root) return std::unexpected(root.error());
  return root->front();
}

Result<std::vector<Hash>> InclusionProof(const NodeSource& src,
                                         std::uint64_t index,
                                         std::uint64_t size) {
  if (size > src.Size() || index >= size) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("no entry {} in a tree of size {} (log has {})",
                            index, size, src.Size()));
  }
  std::vector<Range> siblings;  // root side first
  std::uint64_t begin = 0, end = size;
  while (end - begin > 1) {
    const std::uint64_t k = SplitPoint(end - begin);
    if (index - begin < k) {
      siblings.push_back({begin + k, end});
      end = begin + k;
    } else {
      siblings.push_back({begin, begin + k});
      begin += k;
    }
  }
  auto proof = RangeHashes(src, siblings);
  if (!proof) return proof;
  std::reverse(proof->begin(), proof->end());
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
  std::vector<Range> ranges;  // root side first
  std::uint64_t begin = 0, end = size2, m = size1;
  bool whole = true;  // SUBPROOF's b
  while (true) {
    const std::uint64_t n = end - begin;
    if (m == n) {
      if (!whole) ranges.push_back({begin, end});
      break;
    }
    const std::uint64_t k = SplitPoint(n);
    if (m <= k) {
      ranges.push_back({begin + k, end});
      end = begin + k;
    } else {
      ranges.push_back({begin, begin + k});
      begin += k;
      m -= k;
      whole = false;
    }
  }
  auto proof = RangeHashes(src, ranges);
  if (!proof) return proof;
  std::reverse(proof->begin(), proof->end());
  return proof;
}

}  // namespace truce::ledger
