// C2SP tlog-cosignature v1, the timestamped Ed25519 type (alg 0x04).
//
// A witness's cosignature is a note signature line on a checkpoint whose
// signature bytes are timestamp (u64 big-endian, POSIX seconds) || Ed25519
// signature over
//
//   cosignature/v1\n
//   time <timestamp>\n
//   <the checkpoint note text, extension lines included>
//
// Thread safety: pure functions.
#ifndef TRUCE_LEDGER_COSIGNATURE_H_
#define TRUCE_LEDGER_COSIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "ledger/note.h"

namespace truce::ledger {

// The message an Ed25519 cosignature signs.
std::string CosignedMessage(std::string_view checkpoint_text,
                            std::uint64_t timestamp_s);

// Cosigns a checkpoint's note text with a key of alg 0x04.
Result<NoteSignature> Cosign(const SignerKey& witness,
                             std::string_view checkpoint_text,
                             std::uint64_t timestamp_s);

// Verifies a cosignature by a key of alg 0x04; returns its timestamp.
Result<std::uint64_t> VerifyCosignature(const VerifierKey& witness,
                                        std::string_view checkpoint_text,
                                        const NoteSignature& sig);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_COSIGNATURE_H_
