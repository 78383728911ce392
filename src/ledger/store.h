// The evidence log's durable store: entries, node hashes and signed
// checkpoints in one SQLite database (DIR/log.db) in WAL mode.
//
// Layout and durability are argued in
// docs/decisions/0003-evidence-log-store.md: synchronous=FULL, so a commit
// returns only after the WAL is fsync'ed; Append returns only after its
// transaction committed, so an acknowledged entry survives a crash of the
// process or of the machine. Every perfect-subtree hash is stored as it
// completes, so roots and proofs cost O(log n) reads.
//
// Group commit: concurrent Append calls are batched; one caller (the leader)
// writes every waiting batch in a single transaction and one fsync, then
// wakes the others with their results.
//
// Ownership: Store owns its SQLite connection. Thread safety: all methods may
// be called from any thread; one process at a time should write a log (SQLite
// serializes writers across processes anyway).
#ifndef TRUCE_LEDGER_STORE_H_
#define TRUCE_LEDGER_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.h"
#include "ledger/compact_range.h"
#include "ledger/merkle_tree.h"

struct sqlite3;
struct sqlite3_stmt;

namespace truce::ledger {

// One problem fsck found; `entries` is the range of entry indices it hits.
struct FsckProblem {
  std::uint64_t first_entry = 0;
  std::uint64_t last_entry = 0;  // inclusive
  std::string message;
};

struct FsckReport {
  std::uint64_t entries_checked = 0;
  std::uint64_t nodes_checked = 0;
  std::uint64_t checkpoints_checked = 0;
  std::vector<FsckProblem> problems;
  bool ok() const { return problems.empty(); }
};

class Store final : public NodeSource {
 public:
  // The database file inside a log directory.
  static std::filesystem::path DatabasePath(const std::filesystem::path& dir);

  // Opens the log in `dir`; with `create`, makes the directory and an empty
  // log if missing. kNotFound if absent and !create, kCorrupt if the stored
  // right edge of the tree is missing.
  static Result<std::unique_ptr<Store>> Open(const std::filesystem::path& dir,
                                             bool create);
  ~Store() override;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The log's origin (checkpoint origin line), set once.
  Result<std::optional<std::string>> Origin() const;
  Result<void> SetOrigin(const std::string& origin);

  // Appends entries (raw bytes, canonical JSON for truce) and returns the
  // index of the first one, after they are durable.
  Result<std::uint64_t> Append(std::vector<std::string> entries);

  std::uint64_t Size() const override;
  Result<Hash> Node(NodeId id) const override;
  // All in one read transaction: one snapshot, and one lock round trip
  // instead of one per node (the locks were most of a proof's cost).
  Result<std::vector<Hash>> Nodes(std::span<const NodeId> ids) const override;
  // Size and root of the durable tree, read together (a checkpoint must not
  // pair the size before a concurrent commit with the root after it).
  struct Head {
    std::uint64_t size = 0;
    Hash root{};
  };
  Head CurrentHead() const;
  Result<std::string> Entry(std::uint64_t index) const;
  Hash Root() const;  // root of the current, durable tree

  // Signed checkpoints, kept by tree size. PutCheckpoint refuses a size
  // beyond the durable tree.
  Result<void> PutCheckpoint(std::uint64_t size, const std::string& note);
  Result<std::optional<std::string>> LatestCheckpoint() const;

  // Recomputes every leaf and node hash and every stored checkpoint's root.
  Result<FsckReport> Fsck() const;

 private:
  struct Pending;
  explicit Store(sqlite3* db);
  Result<void> Load();
  void CommitBatch(const std::vector<Pending*>& batch);
  Result<Hash> ReadNodeLocked(NodeId id) const;  // db_mu_ held

  sqlite3* db_;
  mutable std::mutex db_mu_;  // guards db_, node_stmt_ and range_
  // Node reads are most of a proof's cost: prepared once, reset after each
  // read (a statement left stepped would pin a read snapshot of the WAL).
  mutable sqlite3_stmt* node_stmt_ = nullptr;
  // Hashes of perfect subtrees of at least 2^kCachedLevel leaves, as read:
  // they never change once stored, every proof needs several of them, and
  // there are few (10 M leaves: 39,000, 1.3 MB). Guarded by db_mu_.
  static constexpr unsigned kCachedLevel = 8;
  mutable std::unordered_map<std::uint64_t, Hash> upper_nodes_;
  CompactRange range_;

  std::mutex queue_mu_;  // guards queue_ and committing_
  std::condition_variable queue_cv_;
  std::deque<Pending*> queue_;
  bool committing_ = false;
};

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_STORE_H_
