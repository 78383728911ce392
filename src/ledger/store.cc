#include "ledger/store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <system_error>

#include "ledger/checkpoint.h"
#include "ledger/note.h"

namespace truce::ledger {
namespace {

namespace fs = std::filesystem;

std::unexpected<Error> DbError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  const int primary = code & 0xff;
  ErrorCode ec = ErrorCode::kIo;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    ec = ErrorCode::kCorrupt;
  }
  return Fail(ec, fmt::format("{}: {}", what, sqlite3_errmsg(db)),
              ec == ErrorCode::kCorrupt ? "run `truce log fsck` and restore "
                                          "the log from a replica"
                                        : "");
}

// A prepared statement, finalized on destruction.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindText(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  int Step() { return sqlite3_step(stmt_); }
  std::int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Blob(int col) {
    const void* p = sqlite3_column_blob(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), n) : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Result<void> Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    auto e = DbError(db, fmt::format("'{}' failed", sql));
    sqlite3_free(err);
    return e;
  }
  return {};
}

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries(idx INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS nodes(
  level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
  PRIMARY KEY(level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints(size INTEGER PRIMARY KEY,
                                       note TEXT NOT NULL);
)sql";

Result<Hash> ToHash(const std::string& blob, NodeId id) {
  if (blob.size() != kHashBytes) {
    return Fail(ErrorCode::kCorrupt,
                fmt::format("stored hash of node level {} index {} is {} bytes",
                            id.level, id.index, blob.size()),
                "run `truce log fsck`");
  }
  Hash h;
  std::copy(blob.begin(), blob.end(), h.begin());
  return h;
}

}  // namespace

struct Store::Pending {
  std::vector<std::string> entries;
  std::vector<Hash> leaf_hashes;  // computed by the caller, outside the lock
  Result<std::uint64_t> result;
  bool done = false;
};

fs::path Store::DatabasePath(const fs::path& dir) { return dir / "log.db"; }

Store::Store(sqlite3* db) : db_(db) {}

Store::~Store() {
  sqlite3_finalize(node_stmt_);
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Store>> Store::Open(const fs::path& dir, bool create) {
  const fs::path path = DatabasePath(dir);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!create) {
      return Fail(ErrorCode::kNotFound,
                  fmt::format("no evidence log at {}", dir.string()),
                  "create one with `truce log append`");
    }
    fs::create_directories(dir, ec);
    if (ec) {
      return Fail(ErrorCode::kIo, fmt::format("cannot create {}: {}",
                                              dir.string(), ec.message()));
    }
  }
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX |
                    (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    auto e = DbError(db, fmt::format("cannot open {}", path.string()));
    sqlite3_close_v2(db);
    return e;
  }
  std::unique_ptr<Store> store(new Store(db));
  sqlite3_busy_timeout(db, 10'000);
  // WAL: readers do not block the writer; synchronous=FULL: the WAL is
  // fsync'ed at every commit (see docs/decisions/0003-evidence-log-store.md).
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-65536",
                          "PRAGMA mmap_size=68719476736", kSchema}) {
    if (auto r = Exec(db, sql); !r) return std::unexpected(r.error());
  }
  if (auto r = store->Load(); !r) return std::unexpected(r.error());
  return store;
}

Result<void> Store::Load() {
  std::uint64_t size = 0;
  {
    // O(log n): MIN and MAX of the rowid, no scan (COUNT(*) read the whole
    // table, seconds at 10 million entries). A gap inside the range is
    // fsck's to find; the right edge is checked below.
    // (Two subqueries: SQLite's min/max optimization takes one aggregate.)
    Stmt q(db_,
           "SELECT COALESCE((SELECT MAX(idx) FROM entries) + 1, 0), "
           "COALESCE((SELECT MIN(idx) FROM entries), 0)");
    if (!q.ok() || q.Step() != SQLITE_ROW)
      return std::unexpected(DbError(db_, "cannot count entries").error());
    size = static_cast<std::uint64_t>(q.Int(0));
    if (q.Int(1) != 0) {
      return Fail(ErrorCode::kCorrupt,
                  fmt::format("the first stored entry is {}, not 0", q.Int(1)),
                  "run `truce log fsck`");
    }
  }
  std::vector<Hash> hashes;
  for (const NodeId& id : CompactRange::Decomposition(size)) {
    auto h = Node(id);
    if (!h) {
      return Fail(ErrorCode::kCorrupt,
                  fmt::format("node level {} index {} of the tree's right edge "
                              "is missing: {}",
                              id.level, id.index, h.error().message),
                  "run `truce log fsck`");
    }
    hashes.push_back(*h);
  }
  std::lock_guard lock(db_mu_);
  range_.Reset(size, hashes);
  return {};
}

Result<std::optional<std::string>> Store::Origin() const {
  std::lock_guard lock(db_mu_);
  Stmt q(db_, "SELECT value FROM meta WHERE key = 'origin'");
  const int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return std::unexpected(DbError(db_, "meta").error());
  return std::optional<std::string>(q.Blob(0));
}

Result<void> Store::SetOrigin(const std::string& origin) {
  std::lock_guard lock(db_mu_);
  Stmt q(db_, "INSERT INTO meta(key, value) VALUES('origin', ?)");
  q.BindText(1, origin);
  if (q.Step() != SQLITE_DONE) return DbError(db_, "cannot set origin");
  return {};
}

Result<std::uint64_t> Store::Append(std::vector<std::string> entries) {
  // Leaf hashing is most of the hashing; callers do it in parallel so the
  // leader's serial commit only links nodes and writes.
  std::vector<Hash> leaf_hashes;
  leaf_hashes.reserve(entries.size());
  for (const std::string& e : entries) leaf_hashes.push_back(HashLeaf(e));
  Pending p{std::move(entries), std::move(leaf_hashes), 0};
  std::unique_lock lock(queue_mu_);
  queue_.push_back(&p);
  while (!p.done) {
    if (committing_) {
      queue_cv_.wait(lock);
      continue;
    }
    // Lead: commit everything waiting, in one transaction.
    committing_ = true;
    std::vector<Pending*> batch(queue_.begin(), queue_.end());
    queue_.clear();
    lock.unlock();
    CommitBatch(batch);
    lock.lock();
    for (Pending* q : batch) q->done = true;
    committing_ = false;
    queue_cv_.notify_all();
  }
  return p.result;
}

void Store::CommitBatch(const std::vector<Pending*>& batch) {
  std::lock_guard lock(db_mu_);
  const CompactRange before = range_;
  auto fail_all = [&](const Error& e) {
    Exec(db_, "ROLLBACK");
    range_ = before;
    for (Pending* p : batch) p->result = std::unexpected(e);
  };
  if (auto r = Exec(db_, "BEGIN IMMEDIATE"); !r) {
    for (Pending* p : batch) p->result = std::unexpected(r.error());
    return;
  }
  Stmt put_entry(db_, "INSERT INTO entries(idx, data) VALUES(?, ?)");
  Stmt put_node(db_, "INSERT INTO nodes(level, idx, hash) VALUES(?, ?, ?)");
  for (Pending* p : batch) {
    p->result = range_.size();
    for (size_t i = 0; i < p->entries.size(); ++i) {
      const std::string& e = p->entries[i];
      // SQLITE_STATIC: the bytes outlive the step (reset right after).
      put_entry.Bind(1, static_cast<std::int64_t>(range_.size()));
      sqlite3_bind_blob(put_entry.get(), 2, e.data(),
                        static_cast<int>(e.size()), SQLITE_STATIC);
      if (put_entry.Step() != SQLITE_DONE) {
        return fail_all(DbError(db_, "cannot store entry").error());
      }
      sqlite3_reset(put_entry.get());
      for (const NodeHash& n : range_.Append(p->leaf_hashes[i])) {
        put_node.Bind(1, n.id.level);
        put_node.Bind(2, static_cast<std::int64_t>(n.id.index));
        sqlite3_bind_blob(put_node.get(), 3, n.hash.data(),
                          static_cast<int>(n.hash.size()), SQLITE_STATIC);
        if (put_node.Step() != SQLITE_DONE) {
          return fail_all(DbError(db_, "cannot store node").error());
        }
        sqlite3_reset(put_node.get());
      }
    }
  }
  // With synchronous=FULL, COMMIT returns after the WAL is on stable storage.
  if (auto r = Exec(db_, "COMMIT"); !r) return fail_all(r.error());
}

std::uint64_t Store::Size() const {
  std::lock_guard lock(db_mu_);
  return range_.size();
}

Store::Head Store::CurrentHead() const {
  std::lock_guard lock(db_mu_);
  return {range_.size(), range_.Root()};
}

Hash Store::Root() const {
  std::lock_guard lock(db_mu_);
  return range_.Root();
}

Result<Hash> Store::Node(NodeId id) const {
  std::lock_guard lock(db_mu_);
  return ReadNodeLocked(id);
}

Result<std::vector<Hash>> Store::Nodes(std::span<const NodeId> ids) const {
  if (ids.empty()) return std::vector<Hash>();
  std::lock_guard lock(db_mu_);
  // No write transaction can be open here: CommitBatch holds db_mu_ for its
  // whole transaction.
  if (auto r = Exec(db_, "BEGIN"); !r) return std::unexpected(r.error());
  std::vector<Hash> out;
  out.reserve(ids.size());
  Result<std::vector<Hash>> result;
  for (const NodeId& id : ids) {
    auto h = ReadNodeLocked(id);
    if (!h) {
      result = std::unexpected(h.error());
      break;
    }
    out.push_back(*h);
  }
  if (result) result = std::move(out);
  if (auto r = Exec(db_, "COMMIT"); !r && result) {
    result = std::unexpected(r.error());
  }
  return result;
}

Result<Hash> Store::ReadNodeLocked(NodeId id) const {
  // Level in the top 6 bits, index below: unique while index < 2^58.
  const std::uint64_t key = (std::uint64_t{id.level} << 58) | id.index;
  const bool cached = id.level >= kCachedLevel && id.index < (1ull << 58);
  if (cached) {
    if (auto it = upper_nodes_.find(key); it != upper_nodes_.end()) {
      return it->second;
    }
  }
  if (node_stmt_ == nullptr &&
      sqlite3_prepare_v3(
          db_, "SELECT hash FROM nodes WHERE level = ? AND idx = ?", -1,
          SQLITE_PREPARE_PERSISTENT, &node_stmt_, nullptr) != SQLITE_OK) {
    return std::unexpected(DbError(db_, "cannot prepare a node read").error());
  }
  sqlite3_bind_int64(node_stmt_, 1, id.level);
  sqlite3_bind_int64(node_stmt_, 2, static_cast<std::int64_t>(id.index));
  const int rc = sqlite3_step(node_stmt_);
  Result<Hash> out;
  if (rc == SQLITE_ROW) {
    const void* p = sqlite3_column_blob(node_stmt_, 0);
    const int n = sqlite3_column_bytes(node_stmt_, 0);
    out = ToHash(
        p ? std::string(static_cast<const char*>(p), n) : std::string(), id);
  } else if (rc == SQLITE_DONE) {
    out = Fail(ErrorCode::kNotFound,
               fmt::format("no node level {} index {}", id.level, id.index));
  } else {
    out = std::unexpected(DbError(db_, "read").error());
  }
  sqlite3_reset(node_stmt_);
  if (cached && out && upper_nodes_.size() < (std::size_t{1} << 22)) {
    upper_nodes_.emplace(key, *out);
  }
  return out;
}

Result<std::string> Store::Entry(std::uint64_t index) const {
  std::lock_guard lock(db_mu_);
  if (index >= range_.size()) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("no entry {}; the log has {} entries", index,
                            range_.size()));
  }
  Stmt q(db_, "SELECT data FROM entries WHERE idx = ?");
  q.Bind(1, static_cast<std::int64_t>(index));
  const int rc = q.Step();
  if (rc == SQLITE_ROW) return q.Blob(0);
  if (rc == SQLITE_DONE) {
    return Fail(ErrorCode::kCorrupt, fmt::format("entry {} is missing", index),
                "run `truce log fsck`");
  }
  return std::unexpected(DbError(db_, "read").error());
}

Result<void> Store::PutCheckpoint(std::uint64_t size, const std::string& note) {
  std::lock_guard lock(db_mu_);
  if (size > range_.size()) {
    return Fail(ErrorCode::kInternal,
                fmt::format("checkpoint of size {} beyond the durable tree "
                            "({} entries)",
                            size, range_.size()));
  }
  Stmt q(db_, "INSERT OR REPLACE INTO checkpoints(size, note) VALUES(?, ?)");
  q.Bind(1, static_cast<std::int64_t>(size));
  q.BindText(2, note);
  if (q.Step() != SQLITE_DONE) return DbError(db_, "cannot store checkpoint");
  return {};
}

Result<std::optional<std::string>> Store::LatestCheckpoint() const {
  std::lock_guard lock(db_mu_);
  Stmt q(db_, "SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1");
  const int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return std::unexpected(DbError(db_, "read").error());
  return std::optional<std::string>(q.Blob(0));
}

Result<FsckReport> Store::Fsck() const {
  FsckReport report;
  std::lock_guard lock(db_mu_);
  const std::uint64_t size = range_.size();
  auto problem = [&](std::uint64_t first, std::uint64_t last, std::string msg) {
    report.problems.push_back({first, last, std::move(msg)});
  };
  {
    Stmt q(db_, "PRAGMA quick_check");
    while (q.Step() == SQLITE_ROW) {
      std::string line = q.Blob(0);
      if (line != "ok") problem(0, size ? size - 1 : 0, "SQLite: " + line);
    }
  }
  // Level 0: every entry against its stored leaf hash.
  std::vector<Hash> level;  // recomputed hashes of the current level
  {
    Stmt q(db_,
           "SELECT e.idx, e.data, n.hash FROM entries e LEFT JOIN nodes n "
           "ON n.level = 0 AND n.idx = e.idx ORDER BY e.idx");
    if (!q.ok()) return std::unexpected(DbError(db_, "fsck").error());
    std::uint64_t expect = 0;
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      const auto idx = static_cast<std::uint64_t>(q.Int(0));
      if (idx != expect) {
        problem(expect, idx - 1,
                fmt::format("entries {}..{} are missing", expect, idx - 1));
        expect = idx;
      }
      const Hash h = HashLeaf(q.Blob(1));
      const std::string stored = q.Blob(2);
      if (sqlite3_column_type(q.get(), 2) == SQLITE_NULL) {
        problem(idx, idx, fmt::format("entry {}: leaf hash is missing", idx));
      } else if (stored.size() != kHashBytes ||
                 std::memcmp(h.data(), stored.data(), kHashBytes) != 0) {
        problem(idx, idx,
                fmt::format("entry {}: its bytes do not match its stored leaf "
                            "hash (the entry or its hash is corrupt)",
                            idx));
      }
      level.push_back(h);
      ++expect;
      ++report.entries_checked;
    }
    if (rc != SQLITE_DONE) return std::unexpected(DbError(db_, "fsck").error());
  }
  // Levels above: recompute each complete node from the recomputed children
  // and compare with the stored one.
  Stmt node(db_,
            "SELECT level, idx, hash FROM nodes WHERE level > 0 "
            "ORDER BY level, idx");
  int rc = node.Step();
  for (unsigned l = 1; (size >> l) > 0; ++l) {
    std::vector<Hash> up;
    for (std::uint64_t i = 0; i < (size >> l); ++i) {
      up.push_back(HashChildren(level[2 * i], level[2 * i + 1]));
      const std::uint64_t first = i << l, last = ((i + 1) << l) - 1;
      // Advance the stored-node cursor to (l, i).
      while (rc == SQLITE_ROW &&
             (static_cast<unsigned>(node.Int(0)) < l ||
              (static_cast<unsigned>(node.Int(0)) == l &&
               static_cast<std::uint64_t>(node.Int(1)) < i))) {
        problem(0, size - 1,
                fmt::format("unexpected node level {} index {}", node.Int(0),
                            node.Int(1)));
        rc = node.Step();
      }
      if (rc != SQLITE_ROW || static_cast<unsigned>(node.Int(0)) != l ||
          static_cast<std::uint64_t>(node.Int(1)) != i) {
        problem(first, last,
                fmt::format("node level {} index {} (entries {}..{}) is "
                            "missing",
                            l, i, first, last));
        continue;
      }
      const std::string stored = node.Blob(2);
      if (stored.size() != kHashBytes ||
          std::memcmp(up.back().data(), stored.data(), kHashBytes) != 0) {
        problem(first, last,
                fmt::format("node level {} index {} (entries {}..{}): stored "
                            "hash does not match its children",
                            l, i, first, last));
      }
      ++report.nodes_checked;
      rc = node.Step();
    }
    level = std::move(up);
  }
  while (rc == SQLITE_ROW) {
    problem(0, size ? size - 1 : 0,
            fmt::format("unexpected node level {} index {} beyond the tree",
                        node.Int(0), node.Int(1)));
    rc = node.Step();
  }
  // Checkpoints: each signed root must be the root recomputed from entries.
  MerkleTree recomputed;
  {
    Stmt q(db_, "SELECT data FROM entries ORDER BY idx");
    while (q.Step() == SQLITE_ROW) recomputed.Append(HashLeaf(q.Blob(0)));
  }
  Stmt cps(db_, "SELECT size, note FROM checkpoints ORDER BY size");
  while (cps.Step() == SQLITE_ROW) {
    const auto cp_size = static_cast<std::uint64_t>(cps.Int(0));
    ++report.checkpoints_checked;
    auto note = ParseNote(cps.Blob(1));
    auto cp = note ? ParseCheckpoint(note->text)
                   : Result<Checkpoint>(std::unexpected(note.error()));
    if (!cp || cp->size != cp_size) {
      problem(0, size ? size - 1 : 0,
              fmt::format("checkpoint of size {} is unreadable", cp_size));
      continue;
    }
    auto root = RootAt(recomputed, cp_size);
    if (!root) {
      problem(0, size ? size - 1 : 0,
              fmt::format("checkpoint of size {} is beyond the {} stored "
                          "entries",
                          cp_size, size));
    } else if (*root != cp->root) {
      problem(0, cp_size - 1,
              fmt::format("checkpoint of size {}: signed root differs from "
                          "the root recomputed from the entries",
                          cp_size));
    }
  }
  return report;
}

}  // namespace truce::ledger
