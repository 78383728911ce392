// C2SP tlog-proof v1: an offline proof that an entry is in a log.
//
//   c2sp.org/tlog-proof@v1\n
//   [extra <base64>\n]
//   index <decimal>\n
//   <base64 inclusion proof hash>\n ...   (leaf's sibling first)
//   \n
//   <the signed checkpoint, verbatim, with any cosignatures>
//
// truce puts the entry itself (its RFC 8785 canonical JSON) in the `extra`
// line, so a bundle is self-contained: the verifier recomputes the leaf hash
// from it. The extra data is not trusted until the proof verifies.
//
// Thread safety: pure functions.
#ifndef TRUCE_LEDGER_PROOF_BUNDLE_H_
#define TRUCE_LEDGER_PROOF_BUNDLE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "ledger/checkpoint.h"
#include "ledger/encoding.h"
#include "ledger/hash.h"
#include "ledger/note.h"

namespace truce::ledger {

inline constexpr std::string_view kTlogProofHeader = "c2sp.org/tlog-proof@v1";

struct ProofBundle {
  std::optional<Bytes> extra;
  std::uint64_t index = 0;
  std::vector<Hash> proof;
  std::string signed_checkpoint;  // a signed note, verbatim
};

std::string FormatProofBundle(const ProofBundle& bundle);
Result<ProofBundle> ParseProofBundle(std::string_view text);

struct VerifiedBundle {
  Checkpoint checkpoint;
  std::uint64_t index = 0;
  std::vector<VerifierKey> witnesses;  // witnesses whose cosignature verified
};

// Steps 2-4 of tlog-proof verification: the checkpoint is signed by
// `log_key`, at least `quorum` of `witnesses` cosigned it, and the inclusion
// proof binds `leaf_hash` at the bundle's index to the checkpoint's root.
Result<VerifiedBundle> VerifyProofBundle(const ProofBundle& bundle,
                                         const Hash& leaf_hash,
                                         const VerifierKey& log_key,
                                         std::span<const VerifierKey> witnesses,
                                         size_t quorum);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_PROOF_BUNDLE_H_
