// EvidenceLog: the one way truce code appends to an evidence log and signs
// its checkpoints (the replay, `truce log append`, `truce log checkpoint
// --key`). Formats: docs/formats/evidence-log.md.
//
// Contract:
// * Open creates the log in `dir` if missing, with the origin taken from the
//   signer key's name, and refuses (kInvalidInput) a key whose name is not an
//   existing log's origin, or a key that is not an Ed25519 (0x01) log key.
// * Append stores the leaves, in order, and returns the index of the first
//   one only after they are durable (Store's group commit: concurrent callers
//   share one fsync). Leaves must be RFC 8785 canonical JSON (checked: a
//   non-canonical leaf is refused, naming its position in the call, and
//   nothing of that call is appended).
// * SignCheckpoint signs the size and root of the durable tree, stores the
//   note and returns it. Ed25519 is deterministic, so the same leaves and key
//   give byte-identical checkpoints, however the leaves were batched.
//
// Leaf kinds: BatchRecordJson below, and incident revisions (one line of
// incidents.ndjson, rules::ToCanonicalJson).
//
// Ownership: EvidenceLog owns its Store and a copy of the signer key (secret:
// never log it). Thread safety: every method may be called concurrently from
// any thread (Store is thread-safe; the key is immutable).
#ifndef TRUCE_LEDGER_EVIDENCE_LOG_H_
#define TRUCE_LEDGER_EVIDENCE_LOG_H_

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/time.h"
#include "ledger/note.h"
#include "ledger/store.h"

namespace truce::ledger {

// One ingested batch of raw feed bytes, as logged: what was read, from where,
// how many observations, their time span and the SHA-256 of the raw bytes.
struct BatchRecord {
  std::string source;            // the feed (file name), non-empty UTF-8
  std::uint64_t count = 0;       // observations in the batch, at most 2^53
  TimeNs first_time, last_time;  // first_time <= last_time
  std::array<std::uint8_t, 32> sha256{};  // of the raw bytes ingested
};

// The batch record's leaf: RFC 8785 canonical JSON
//   {"count":N,"first":"RFC 3339","last":"RFC 3339","sha256":"hex",
//    "source":"...","type":"batch"}
// kInvalidInput (naming the field) for an empty source, a count beyond 2^53
// (not exact in JSON numbers), first_time after last_time, or invalid UTF-8.
Result<std::string> BatchRecordJson(const BatchRecord& record);

// Reads a signer key file (`truce log keygen`'s NAME.key); errors name the
// file.
Result<SignerKey> LoadSignerKeyFile(const std::filesystem::path& path);

class EvidenceLog {
 public:
  static Result<std::unique_ptr<EvidenceLog>> Open(
      const std::filesystem::path& dir,
      const std::filesystem::path& signer_key_file);
  // The same, with a key already loaded (tests, benchmarks).
  static Result<std::unique_ptr<EvidenceLog>> Open(
      const std::filesystem::path& dir, const SignerKey& key);

  // Durable; returns the index of the first leaf (Size() if `leaves` is
  // empty).
  Result<std::uint64_t> Append(std::vector<std::string> leaves);

  // Signs the current durable tree, stores the note, returns its text.
  Result<std::string> SignCheckpoint();

  std::uint64_t Size() const { return store_->Size(); }
  const std::string& Origin() const { return key_.name; }
  // Read access for proofs and entries.
  const Store& store() const { return *store_; }

 private:
  EvidenceLog(std::unique_ptr<Store> store, SignerKey key)
      : store_(std::move(store)), key_(std::move(key)) {}

  std::unique_ptr<Store> store_;
  const SignerKey key_;
};

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_EVIDENCE_LOG_H_
