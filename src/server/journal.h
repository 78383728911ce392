// Journal: what guarantors post to the server and truce must keep: their
// acknowledgements of obligations and their cosignatures of checkpoints.
// Both are appended, never edited (tables in DATA_DIR/tokens.db).
//
// An ack is kept as one line of acks.ndjson (docs/formats/commitments.md),
// so guarantees::ParseAcks reads them exactly as `truce guarantees
// obligations --acks` would. A cosignature is kept with the checkpoint size
// it signs and the full note (checkpoint + that one cosignature line), so
// anyone can verify it alone.
//
// Ownership: Journal owns its SQLite connection. Thread safety: every method
// may be called from any thread.
#ifndef TRUCE_SERVER_JOURNAL_H_
#define TRUCE_SERVER_JOURNAL_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/error.h"

struct sqlite3;

namespace truce::server {

struct StoredCosignature {
  uint64_t size = 0;   // tree size of the checkpoint
  std::string name;    // witness key name
  std::string note;    // checkpoint text + blank line + signature lines
  std::string poster;  // token name that posted it
};

class Journal {
 public:
  static Result<std::unique_ptr<Journal>> Open(
      const std::filesystem::path& data_dir);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  Result<void> AppendAck(const std::string& ack_json_line);
  // Every ack, oldest first, as acks.ndjson text (one line each).
  Result<std::string> AcksNdjson();

  // Keeps the newest cosignature per (size, witness name).
  Result<void> AddCosignature(const StoredCosignature& c);
  Result<std::vector<StoredCosignature>> Cosignatures(uint64_t size);

 private:
  explicit Journal(sqlite3* db) : db_(db) {}
  std::mutex mu_;
  sqlite3* db_;
};

}  // namespace truce::server

#endif  // TRUCE_SERVER_JOURNAL_H_
