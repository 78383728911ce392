// The fast Merkle tree: RFC 9162 roots and proofs from stored node hashes.
//
// Every perfect subtree (NodeId) of a log has a fixed hash once its last leaf
// is appended; storing them makes the root at any size and any inclusion or
// consistency proof cost O(log n) node reads (at most one ragged subtree on
// the right edge is folded from O(log n) stored nodes). NodeSource abstracts
// where nodes live: MerkleTree keeps them in memory, ledger::Store in SQLite.
//
// The proofs are exactly RFC 9162's PATH and PROOF (see merkle_reference.h);
// the merkle_diff fuzzer and ledger_test check that they agree.
#ifndef TRUCE_LEDGER_MERKLE_TREE_H_
#define TRUCE_LEDGER_MERKLE_TREE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "base/error.h"
#include "ledger/compact_range.h"
#include "ledger/hash.h"

namespace truce::ledger {

// Read access to the hashes of perfect subtrees of a log of Size() leaves.
// Thread safety: as documented by each implementation.
class NodeSource {
 public:
  virtual ~NodeSource() = default;
  virtual std::uint64_t Size() const = 0;
  // The hash of perfect subtree `id`; kNotFound if it is not complete yet,
  // kCorrupt/kIo if storage fails.
  virtual Result<Hash> Node(NodeId id) const = 0;
  // The hashes of `ids`, in order; the first failure is returned. Roots and
  // proofs read all their nodes with one call, so a store can serve them from
  // one snapshot (one read transaction). The default calls Node for each.
  virtual Result<std::vector<Hash>> Nodes(std::span<const NodeId> ids) const;
};

// An in-memory log of leaf hashes with every node stored (2n hashes).
// Thread safety: none; concurrent const use is safe.
class MerkleTree final : public NodeSource {
 public:
  // Appends a leaf hash (HashLeaf of the entry); amortized O(1).
  void Append(const Hash& leaf_hash);
  std::uint64_t Size() const override { return range_.size(); }
  Result<Hash> Node(NodeId id) const override;
  Hash Root() const { return range_.Root(); }

 private:
  CompactRange range_;
  std::vector<std::vector<Hash>> levels_;  // levels_[L][i] = node (L, i)
};

// MTH of the first `size` leaves of `src` (size <= src.Size()).
Result<Hash> RootAt(const NodeSource& src, std::uint64_t size);

// PATH(index, D[size]): the inclusion proof of leaf `index` in the tree of
// the first `size` leaves, leaf's sibling first.
Result<std::vector<Hash>> InclusionProof(const NodeSource& src,
                                         std::uint64_t index,
                                         std::uint64_t size);

// PROOF(size1, D[size2]). Requires 0 < size1 <= size2 <= src.Size(); empty when
// size1 == size2.
Result<std::vector<Hash>> ConsistencyProof(const NodeSource& src,
                                           std::uint64_t size1,
                                           std::uint64_t size2);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_MERKLE_TREE_H_
