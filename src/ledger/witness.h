// A witness (C2SP tlog-witness semantics, offline): cosigns a log's
// checkpoints only along one append-only history.
//
// For each log (by origin) the witness keeps the last checkpoint it cosigned
// in STATE_DIR/<hex SHA-256(origin)>.checkpoint (the log-signed note,
// verbatim). A new checkpoint is cosigned only if it is signed by the log's
// key and is consistent with that state: the same size and root, or a larger
// size with a valid RFC 9162 consistency proof from the old root. Anything
// else is refused with kVerification: a smaller size (rollback), the same
// size with another root, or a proof that fails (a split view: the log showed
// two different histories). The state is replaced atomically (write, fsync,
// rename) before the cosignature is returned.
//
// Thread safety: one witness process per state directory.
#ifndef TRUCE_LEDGER_WITNESS_H_
#define TRUCE_LEDGER_WITNESS_H_

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "base/error.h"
#include "ledger/hash.h"
#include "ledger/note.h"

namespace truce::ledger {

// Returns the checkpoint note with this witness's cosignature line appended
// (replacing an older one by the same witness key).
Result<std::string> WitnessCosign(const std::filesystem::path& state_dir,
                                  const VerifierKey& log_key,
                                  const SignerKey& witness,
                                  std::string_view signed_checkpoint,
                                  std::span<const Hash> consistency_proof,
                                  std::uint64_t now_s);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_WITNESS_H_
