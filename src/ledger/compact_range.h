// A compact range: the right edge of an append-only Merkle tree.
//
// For a tree of n leaves it holds the roots of the perfect subtrees that n's
// binary decomposition splits the tree into (one per set bit of n, largest and
// leftmost first), which is all that is needed to append a leaf and to compute
// the root: O(log n) memory, O(1) amortized hashing per append.
//
// Ownership: a plain value. Thread safety: none; guard with the owner's lock.
#ifndef TRUCE_LEDGER_COMPACT_RANGE_H_
#define TRUCE_LEDGER_COMPACT_RANGE_H_

#include <cstdint>
#include <vector>

#include "ledger/hash.h"

namespace truce::ledger {

// A perfect subtree: level L, index i covers leaves [i * 2^L, (i + 1) * 2^L).
struct NodeId {
  unsigned level = 0;
  std::uint64_t index = 0;
  friend bool operator==(const NodeId&, const NodeId&) = default;
};

struct NodeHash {
  NodeId id;
  Hash hash;
};

class CompactRange {
 public:
  CompactRange() = default;

  // The nodes a tree of `size` leaves decomposes into, leftmost first: the
  // ids to read from storage to rebuild the range with FromNodes.
  static std::vector<NodeId> Decomposition(std::uint64_t size);

  // Rebuilds the range of a tree of `size` leaves; `hashes` are the hashes of
  // Decomposition(size), in order. Returns false if the count is wrong.
  bool Reset(std::uint64_t size, const std::vector<Hash>& hashes);

  std::uint64_t size() const { return size_; }

  // Appends a leaf hash; returns every node completed by it, the leaf itself
  // (level 0) first, then the parents it completes, bottom up.
  std::vector<NodeHash> Append(const Hash& leaf_hash);

  // The RFC 9162 root hash of the tree (EmptyRoot() when empty).
  Hash Root() const;

 private:
  std::uint64_t size_ = 0;
  std::vector<Hash> hashes_;  // one per set bit of size_, leftmost first
};

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_COMPACT_RANGE_H_
