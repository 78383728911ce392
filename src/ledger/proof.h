// Verifying RFC 9162 inclusion and consistency proofs (sections 2.1.3.2 and
// 2.1.4.2), with no access to the log.
//
// Hashes that come from outside (JSON, base64 text) are byte strings of any
// length; a proof hash or leaf hash that is not 32 bytes is rejected, roots are
// compared as bytes. Every failure is ErrorCode::kVerification (or
// kInvalidInput for malformed sizes) with a message saying which check failed.
//
// Consistency from size 0: every tree extends the empty tree, so such a proof
// proves nothing; VerifyConsistency rejects size1 == 0 < size2 (clients should
// simply accept their first checkpoint) and accepts 0 == 0 only with an empty
// proof and both roots equal to the empty tree's root.
//
// Thread safety: pure functions.
#ifndef TRUCE_LEDGER_PROOF_H_
#define TRUCE_LEDGER_PROOF_H_

#include <cstdint>
#include <span>
#include <vector>

#include "base/error.h"
#include "ledger/encoding.h"
#include "ledger/hash.h"

namespace truce::ledger {

// Checks that each element is a 32-byte hash.
Result<std::vector<Hash>> ProofHashes(std::span<const Bytes> elements);

// The root an inclusion proof leads to (RFC 9162 2.1.3.2 steps 1-4), or an
// error if the proof has the wrong shape for (index, size).
Result<Hash> RootFromInclusionProof(std::uint64_t index, std::uint64_t size,
                                    std::span<const std::uint8_t> leaf_hash,
                                    std::span<const Hash> proof);

Result<void> VerifyInclusion(std::uint64_t index, std::uint64_t size,
                             std::span<const std::uint8_t> leaf_hash,
                             std::span<const Hash> proof,
                             std::span<const std::uint8_t> root);

Result<void> VerifyConsistency(std::uint64_t size1, std::uint64_t size2,
                               std::span<const Hash> proof,
                               std::span<const std::uint8_t> root1,
                               std::span<const std::uint8_t> root2);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_PROOF_H_
