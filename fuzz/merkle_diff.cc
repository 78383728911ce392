// Fuzz target: the fast Merkle tree (ledger/merkle_tree.h) against the RFC
// 9162 reference (ledger/merkle_reference.h). The input chooses the tree size,
// the leaves, a tree size, an index and a tampering; the two must produce
// identical roots and proofs, the proofs must verify, and every tampered proof
// (a flipped bit, a dropped or extra hash, a wrong index or size) must fail.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "ledger/hash.h"
#include "ledger/merkle_reference.h"
#include "ledger/merkle_tree.h"
#include "ledger/proof.h"

namespace {

using truce::ledger::Hash;

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint64_t Take(int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
      v = v << 8 | (pos_ < size_ ? data_[pos_++] : 0);
    }
    return v;
  }

 private:
  const uint8_t* data_;
  size_t size_, pos_ = 0;
};

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace l = truce::ledger;
  Input in(data, size);
  const uint64_t n = 1 + in.Take(2) % 300;
  std::vector<Hash> leaves;
  l::MerkleTree tree;
  const uint64_t salt = in.Take(2);
  for (uint64_t i = 0; i < n; ++i) {
    leaves.push_back(l::HashLeaf(std::to_string(i * 65537 + salt)));
    tree.Append(leaves.back());
  }
  const uint64_t size2 = 1 + in.Take(2) % n;
  const uint64_t index = in.Take(2) % size2;
  const uint64_t size1 = 1 + in.Take(2) % size2;
  std::span<const Hash> d(leaves.data(), size2);
  const Hash root2 = l::reference::RootHash(d);
  const Hash root1 = l::reference::RootHash(d.subspan(0, size1));
  Check(l::RootAt(tree, size2).value() == root2);
  Check(l::RootAt(tree, size1).value() == root1);

  auto incl = l::InclusionProof(tree, index, size2).value();
  Check(incl == l::reference::InclusionProof(index, d));
  Check(
      l::VerifyInclusion(index, size2, leaves[index], incl, root2).has_value());
  auto cons = l::ConsistencyProof(tree, size1, size2).value();
  Check(cons == l::reference::ConsistencyProof(size1, d));
  Check(l::VerifyConsistency(size1, size2, cons, root1, root2).has_value());

  // Tampering.
  const uint64_t what = in.Take(1) % 6;
  const uint64_t where = in.Take(2);
  const uint8_t bit = static_cast<uint8_t>(1u << (in.Take(1) % 8));
  if (!incl.empty()) {
    auto bad = incl;
    bad[where % bad.size()][where % 32] ^= bit;
    Check(!l::VerifyInclusion(index, size2, leaves[index], bad, root2));
  }
  if (!cons.empty()) {
    auto bad = cons;
    bad[where % bad.size()][where % 32] ^= bit;
    Check(!l::VerifyConsistency(size1, size2, bad, root1, root2));
  }
  switch (what) {
    case 0: {  // an extra hash
      auto bad = incl;
      bad.push_back(root2);
      Check(!l::VerifyInclusion(index, size2, leaves[index], bad, root2));
      auto badc = cons;
      badc.push_back(root2);
      Check(!l::VerifyConsistency(size1, size2, badc, root1, root2) ||
            size1 == size2);
      break;
    }
    case 1:  // a dropped hash
      if (!incl.empty()) {
        auto bad = incl;
        bad.pop_back();
        Check(!l::VerifyInclusion(index, size2, leaves[index], bad, root2));
      }
      if (!cons.empty()) {
        auto bad = cons;
        bad.erase(bad.begin());
        Check(!l::VerifyConsistency(size1, size2, bad, root1, root2));
      }
      break;
    case 2:  // another leaf at the same index
      if (size2 > 1) {
        Check(!l::VerifyInclusion(index, size2, leaves[(index + 1) % size2],
                                  incl, root2));
      }
      break;
    case 3:  // the proof presented for a neighbouring index
      if (size2 > 1) {
        const uint64_t other = (index + 1) % size2;
        Check(!l::VerifyInclusion(other, size2, leaves[index], incl, root2));
      }
      break;
    case 4:  // the root of another size
      if (size1 != size2) {
        Check(!l::VerifyInclusion(index, size2, leaves[index], incl, root1));
      }
      break;
    default: {  // swapped roots
      if (root1 != root2) {
        Check(!l::VerifyConsistency(size1, size2, cons, root2, root1));
      }
      break;
    }
  }
  return 0;
}
