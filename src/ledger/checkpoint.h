// C2SP tlog-checkpoint: the signed tree head of a log, as note text.
//
//   <origin>\n
//   <tree size, decimal, no leading zeros>\n
//   <base64 root hash>\n
//   [<extension line>\n ...]
//
// Parsing is strict (the spec's MUSTs); FormatCheckpoint(ParseCheckpoint(t))
// == t for every accepted t. Thread safety: pure functions.
#ifndef TRUCE_LEDGER_CHECKPOINT_H_
#define TRUCE_LEDGER_CHECKPOINT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "ledger/hash.h"
#include "ledger/note.h"

namespace truce::ledger {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // non-empty lines, usually none

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// Parses checkpoint note text (the part before the signatures).
Result<Checkpoint> ParseCheckpoint(std::string_view text);
std::string FormatCheckpoint(const Checkpoint& cp);

// A signed checkpoint note: the checkpoint signed by `log_key` (alg 0x01).
// Ed25519 is deterministic: the same checkpoint and key give the same bytes.
Result<std::string> SignCheckpoint(const Checkpoint& cp,
                                   const SignerKey& log_key);

struct OpenedCheckpoint {
  Checkpoint checkpoint;
  OpenedNote note;
};

// Verifies a signed checkpoint: the log's key signature must verify and the
// origin line must equal the log key's name (truce names logs by origin).
Result<OpenedCheckpoint> OpenCheckpoint(std::string_view signed_note,
                                        const VerifierKey& log_key);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_CHECKPOINT_H_
