// Fuzz target: the signed-note, checkpoint, key and tlog-proof parsers
// (ledger/note.h, checkpoint.h, proof_bundle.h). Whatever they accept must
// format back to exactly the same bytes (one accepted encoding per value), and
// opening a note with a key must never crash.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/checkpoint.h"
#include "ledger/note.h"
#include "ledger/proof_bundle.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace l = truce::ledger;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto note = l::ParseNote(text)) {
    Check(l::FormatNote(*note) == text);
    if (auto cp = l::ParseCheckpoint(note->text)) {
      Check(l::FormatCheckpoint(*cp) == note->text);
    }
  }
  if (auto cp = l::ParseCheckpoint(text)) {
    Check(l::FormatCheckpoint(*cp) == text);
  }
  if (auto bundle = l::ParseProofBundle(text)) {
    Check(l::FormatProofBundle(*bundle) == text);
  }
  if (auto key = l::ParseVerifierKey(text)) {
    Check(l::FormatVerifierKey(*key) == text);
  }
  if (auto key = l::ParseSignerKey(text)) {
    Check(l::FormatSignerKey(*key) == text);
  }
  // Open with a fixed key whose name matches the seed corpus's log.
  static const auto kKey =
      l::SignerKeyFromSeed("monitoring.example/ceasefire-2025", l::kAlgEd25519,
                           std::vector<uint8_t>(32, 1));
  if (kKey) {
    const l::VerifierKey v = l::VerifierFor(*kKey);
    (void)l::OpenNote(text, std::span(&v, 1));
    (void)l::OpenCheckpoint(text, v);
  }
  return 0;
}
