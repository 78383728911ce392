// Evidence: the server's view of the evidence log (ledger/): the latest
// checkpoint with the cosignatures guarantors posted, proofs of incident
// revisions checked before they are served, and cosignatures checked before
// they are kept.
//
// Trust: the log's verifier key is the server's own (from --log-key, or the
// key in DATA_DIR/keys whose name is the log's origin); verifying with it
// proves the bundle is well formed and binds the revision the server shows,
// and a client repeats the check with `truce log verify`. Witness keys come
// from --witness-keys FILE: one verifier key per line (`truce log keygen
// --cosigner` prints them), `#` starts a comment. A cosignature by a key not
// in that file is refused (kVerification), as is one that does not verify.
//
// Thread safety: pure functions (LoadLogKey and LoadWitnessKeys read files).
#ifndef TRUCE_SERVER_EVIDENCE_H_
#define TRUCE_SERVER_EVIDENCE_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "ledger/note.h"
#include "server/journal.h"

namespace truce::server {

// The verifier key of the log named `origin`: from `log_key_file` when
// given, else the signer or verifier key in data_dir/keys with that name.
Result<ledger::VerifierKey> LoadLogKey(const std::filesystem::path& data_dir,
                                       const std::string& log_key_file,
                                       const std::string& origin);

Result<std::vector<ledger::VerifierKey>> LoadWitnessKeys(
    const std::filesystem::path& file);

// True when `bundle_text` is a tlog-proof of `revision_json` (its `extra`
// must be that JSON) under a checkpoint signed by `log_key`. A bundle that
// does not parse or verify is false, never an error: it is what is shown.
bool VerifyRevisionProof(std::string_view bundle_text,
                         std::string_view revision_json,
                         const ledger::VerifierKey& log_key);

// {"origin","size","root","note","cosignatures":[{"name","note"}]} for a
// signed checkpoint note; size 0 and nulls when there is none yet.
std::string CheckpointJson(const std::optional<std::string>& signed_note,
                           const std::vector<StoredCosignature>& cosigs);

// The tree size a signed checkpoint note is for (0 if none / unparsable).
uint64_t CheckpointSize(const std::optional<std::string>& signed_note);

// Checks a posted cosignature. `body` is either one cosignature line
// ("— name base64...") for the latest checkpoint, or a whole cosigned
// checkpoint as `truce witness cosign` prints it. Returns one
// StoredCosignature per valid witness cosignature (at least one), or
// kInvalidInput (syntax) / kVerification (unknown witness, bad signature,
// checkpoint not signed by this log).
Result<std::vector<StoredCosignature>> CheckCosignature(
    std::string_view body, const std::optional<std::string>& latest_note,
    const ledger::VerifierKey& log_key,
    const std::vector<ledger::VerifierKey>& witnesses);

}  // namespace truce::server

#endif  // TRUCE_SERVER_EVIDENCE_H_
