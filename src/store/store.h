// Store: what `truce serve` keeps in its data folder besides the evidence
// log, in one SQLite database `data_dir/store.db` and the received control
// maps in `data_dir/control-maps/`. Tables, columns and the observation
// encoding: docs/formats/store.md.
//
// Contract:
// * Write commits a WriteBatch atomically and returns only once it is
//   durable: WAL with synchronous=FULL, because a returned Write is what
//   acknowledges a POST or a socket line ("acknowledged means durable",
//   live.h): NORMAL would survive a killed process but could lose the last
//   commits on power loss. Concurrent writers share one transaction and one
//   fsync (group commit): the first waiting writer commits everyone's
//   batches in arrival order.
// * Observations get consecutive `seq` numbers, from 1, in commit order;
//   Write returns the first one of its batch.
// * Checkpoints of the WAL into store.db run on a background thread with a
//   connection of their own (every 250 ms), not inside a commit, so that a
//   writer never waits for several megabytes to be copied and synced.
// * Revisions are append-only; observations older than a retention limit
//   are deleted by DeleteObservationsBefore, nothing else ever is.
//
// Ownership: the Store owns its SQLite connection. Thread safety: every
// method may be called from any thread (one connection, serialised).
#ifndef TRUCE_STORE_STORE_H_
#define TRUCE_STORE_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "base/error.h"
#include "base/time.h"
#include "observe/observation.h"

struct sqlite3;

namespace truce::store {

struct StoredObservation {
  uint64_t seq = 0;  // assigned by Write
  std::string feed;  // the feed it came from
  observe::Observation observation;
  std::string raw;  // the bytes it was decoded from (may be empty)
  TimeNs received;  // wall clock
};

struct RevisionRow {
  uint64_t seq = 0;  // emission order, from 1 (assigned by Write if 0)
  std::string id;
  int revision = 0;  // as published (in `json`)
  // The engine's own revision number; nullopt for a dispute.
  std::optional<int> engine_revision;
  std::string json;  // canonical JSON
  uint64_t log_index = 0;
};

struct BatchRow {
  std::string feed, kind;
  TimeNs received;
  uint64_t records = 0, accepted = 0, quarantined = 0;
  std::string sha256;  // hex, of the raw bytes
  uint64_t log_index = 0;
};

struct ControlMapRow {
  uint64_t seq = 0;  // assigned by Write
  std::string name;  // as posted
  std::string date;  // YYYY-MM-DD
  std::string file;  // path relative to data_dir
  std::string sha256;
  TimeNs received;
  // Where it was judged in the engine's stream: after the observation with
  // this seq (0: before any) whose time was after_time_ns. Unset until
  // judged.
  std::optional<uint64_t> after_seq;
  int64_t after_time_ns = 0;
};

struct QuarantineRow {
  std::string feed;
  uint64_t line = 0;
  std::string raw, reason;
  TimeNs received;
};

struct MapJudged {
  uint64_t map_seq = 0, after_seq = 0;
  int64_t after_time_ns = 0;
};

struct WriteBatch {
  std::vector<StoredObservation> observations;
  std::vector<QuarantineRow> quarantine;
  std::vector<RevisionRow> revisions;
  std::vector<BatchRow> batches;
  std::vector<ControlMapRow> maps;
  std::vector<MapJudged> judged;
  // Observations (by seq) taken back: stored, then found late by the merge
  // and quarantined instead (the quarantine row is in the same batch).
  std::vector<uint64_t> drop_observations;
  bool empty() const {
    return observations.empty() && quarantine.empty() && revisions.empty() &&
           batches.empty() && maps.empty() && judged.empty() &&
           drop_observations.empty();
  }
};

struct StoreCounts {
  uint64_t observations = 0, revisions = 0, batches = 0, control_maps = 0,
           quarantine = 0;
  uint64_t commits = 0;  // transactions since Open (group commits)
  uint64_t writes = 0;   // Write calls since Open
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> Open(
      const std::filesystem::path& data_dir);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Durable on return; the first observation seq of the batch (the next
  // seq if it has none). Also assigns map and revision seqs in place.
  Result<uint64_t> Write(WriteBatch* batch);

  // Writes `bytes` to data_dir/control-maps/<n>/<name> and syncs it;
  // returns the path relative to data_dir. `name` is reduced to safe
  // characters.
  Result<std::string> SaveControlMapFile(std::string_view name,
                                         std::string_view bytes);

  // Everything stored, in seq order; without the raw bytes unless asked
  // (a resume needs only the observations).
  Result<std::vector<StoredObservation>> LoadObservations(
      bool with_raw = true) const;
  Result<std::vector<RevisionRow>> LoadRevisions() const;
  Result<std::vector<ControlMapRow>> LoadControlMaps() const;
  Result<std::vector<QuarantineRow>> LoadQuarantine(size_t limit) const;
  Result<std::vector<BatchRow>> LoadBatches() const;

  // A value of the meta table (nullopt if unset), and setting one durably.
  Result<std::optional<std::string>> GetMeta(const std::string& key) const;
  Result<void> SetMeta(const std::string& key, const std::string& value);

  // Deletes observations with time_ns < `time_ns`; returns how many.
  Result<uint64_t> DeleteObservationsBefore(int64_t time_ns);

  StoreCounts Counts() const;
  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  struct Pending {
    WriteBatch* batch;
    bool done = false;
    std::optional<Error> error;
  };
  Store(sqlite3* db, std::filesystem::path data_dir);
  Result<void> Load();
  Result<void> CommitLocked(const std::vector<Pending*>& batch);

  sqlite3* db_;
  std::filesystem::path data_dir_;
  mutable std::mutex mu_;  // guards everything below and db_
  std::condition_variable done_;
  std::deque<Pending*> queue_;
  bool leader_ = false;
  uint64_t next_obs_seq_ = 1, next_rev_seq_ = 1, next_map_seq_ = 1;
  StoreCounts counts_;
  mutable std::mutex db_mu_;  // the connection, for commits and reads
  // The WAL checkpointer.
  void Checkpoints();
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool closing_ = false;  // guarded by checkpoint_mu_
  std::thread checkpointer_;
};

}  // namespace truce::store

#endif  // TRUCE_STORE_STORE_H_
