// The reference Merkle tree: RFC 9162 section 2.1 transcribed literally.
//
// MTH, PATH and SUBPROOF are the RFC's recursive definitions over the list of
// leaf hashes D[0:n]; they recompute every subtree from the leaves, O(n) per
// call. They exist to check the fast implementation (merkle_tree.h) in tests
// and in the merkle_diff fuzzer, never for production use.
//
// Thread safety: pure functions.
#ifndef TRUCE_LEDGER_MERKLE_REFERENCE_H_
#define TRUCE_LEDGER_MERKLE_REFERENCE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "ledger/hash.h"

namespace truce::ledger::reference {

// MTH(D[n]) where `leaves` are the leaf hashes (already HashLeaf'ed).
Hash RootHash(std::span<const Hash> leaves);

// PATH(m, D[n]): the inclusion proof of leaf m. Requires m < leaves.size().
std::vector<Hash> InclusionProof(std::uint64_t m, std::span<const Hash> leaves);

// PROOF(m, D[n]): the consistency proof from size m to n = leaves.size().
// Requires 0 < m <= n.
std::vector<Hash> ConsistencyProof(std::uint64_t m,
                                   std::span<const Hash> leaves);

}  // namespace truce::ledger::reference

#endif  // TRUCE_LEDGER_MERKLE_REFERENCE_H_
