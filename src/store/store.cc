#include "store/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include "store/observation_codec.h"

namespace truce::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "truce-store/1";

std::unexpected<Error> SqlError(sqlite3* db, std::string_view what) {
  int code = sqlite3_extended_errcode(db) & 0xFF;
  ErrorCode ec = (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
                     ? ErrorCode::kCorrupt
                     : ErrorCode::kIo;
  return Fail(ec, fmt::format("store: {}: {}", what, sqlite3_errmsg(db)),
              ec == ErrorCode::kCorrupt
                  ? "store.db is not a truce store or is damaged"
                  : "check the data folder, its permissions and free space");
}

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }
  void Bind(int i, std::string_view s) {
    // An empty view may have no data pointer, which SQLite would store as
    // NULL.
    sqlite3_bind_text(stmt_, i, s.empty() ? "" : s.data(),
                      static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int i, std::string_view s) {
    sqlite3_bind_blob(stmt_, i, s.empty() ? "" : s.data(),
                      static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool IsNull(int col) {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) {
    const void* p = sqlite3_column_blob(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), n) : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS observations(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  feed TEXT NOT NULL,
  time_ns INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  scheme INTEGER NOT NULL,
  subject INTEGER NOT NULL,
  class_name TEXT NOT NULL,
  event TEXT NOT NULL,
  obs BLOB NOT NULL,
  raw BLOB NOT NULL,
  received_ns INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS observations_time ON observations(time_ns);
CREATE TABLE IF NOT EXISTS revisions(
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  engine_revision INTEGER,
  json TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  UNIQUE(id, revision));
CREATE TABLE IF NOT EXISTS batches(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  feed TEXT NOT NULL,
  kind TEXT NOT NULL,
  received_ns INTEGER NOT NULL,
  records INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  quarantined INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  log_index INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS control_maps(
  seq INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  date TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  received_ns INTEGER NOT NULL,
  after_seq INTEGER,
  after_time_ns INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS quarantine(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  feed TEXT NOT NULL,
  line INTEGER NOT NULL,
  raw BLOB NOT NULL,
  reason TEXT NOT NULL,
  received_ns INTEGER NOT NULL);
)sql";

Result<void> Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Fail(ErrorCode::kIo, fmt::format("store: {}", msg),
                "check the data folder, its permissions and free space");
  }
  return {};
}

std::string SafeName(std::string_view name) {
  std::string out;
  for (char c : name) {
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                          c == '.' || c == '_'
                      ? c
                      : '_');
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out.substr(0, 120);
}

}  // namespace

Store::Store(sqlite3* db, fs::path data_dir)
    : db_(db), data_dir_(std::move(data_dir)) {}

Store::~Store() {
  {
    std::lock_guard lock(checkpoint_mu_);
    closing_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  sqlite3_close(db_);
}

void Store::Checkpoints() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2((data_dir_ / "store.db").c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return;  // commits then checkpoint nothing; the WAL grows until Close
  }
  sqlite3_busy_timeout(db, 1000);
  std::unique_lock lock(checkpoint_mu_);
  while (!closing_) {
    checkpoint_cv_.wait_for(lock, std::chrono::milliseconds(250));
    if (closing_) break;
    lock.unlock();
    // PASSIVE: copies what no reader needs, never blocks a writer.
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
    lock.lock();
  }
  sqlite3_close(db);
}

Result<std::unique_ptr<Store>> Store::Open(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir / "control-maps", ec);
  if (ec) {
    return Fail(ErrorCode::kIo,
                fmt::format("cannot create the data folder '{}': {}",
                            data_dir.string(), ec.message()),
                "give --data a folder you can write");
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      (data_dir / "store.db").c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(ErrorCode::kIo,
                fmt::format("cannot open '{}': {}",
                            (data_dir / "store.db").string(), msg),
                "check the data folder and its permissions");
  }
  sqlite3_busy_timeout(db, 10'000);
  std::unique_ptr<Store> store(new Store(db, data_dir));
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "PRAGMA wal_autocheckpoint=0", kSchema}) {
    if (auto r = Exec(db, sql); !r) return std::unexpected(r.error());
  }
  if (auto r = store->Load(); !r) return std::unexpected(r.error());
  store->checkpointer_ = std::thread([s = store.get()] { s->Checkpoints(); });
  return store;
}

Result<void> Store::Load() {
  {
    Stmt get(db_, "SELECT value FROM meta WHERE key='format'");
    if (!get.ok()) return SqlError(db_, "reading meta");
    if (get.Step() == SQLITE_ROW) {
      if (get.Text(0) != kFormat) {
        return Fail(ErrorCode::kCorrupt,
                    fmt::format("store.db has format '{}', not '{}'",
                                get.Text(0), kFormat),
                    "use a data folder made by this version of truce");
      }
    } else {
      Stmt put(db_, "INSERT INTO meta(key, value) VALUES('format', ?)");
      put.Bind(1, kFormat);
      if (put.Step() != SQLITE_DONE) return SqlError(db_, "writing meta");
    }
  }
  auto max_of = [&](const char* sql) -> int64_t {
    Stmt s(db_, sql);
    return s.ok() && s.Step() == SQLITE_ROW ? s.Int(0) : 0;
  };
  next_obs_seq_ =
      std::max(max_of("SELECT COALESCE(MAX(seq), 0) FROM observations"),
               max_of("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence "
                      "WHERE name='observations'")) +
      1;
  next_rev_seq_ = max_of("SELECT COALESCE(MAX(seq), 0) FROM revisions") + 1;
  next_map_seq_ = max_of("SELECT COALESCE(MAX(seq), 0) FROM control_maps") + 1;
  counts_.observations = max_of("SELECT COUNT(*) FROM observations");
  counts_.revisions = max_of("SELECT COUNT(*) FROM revisions");
  counts_.batches = max_of("SELECT COUNT(*) FROM batches");
  counts_.control_maps = max_of("SELECT COUNT(*) FROM control_maps");
  counts_.quarantine = max_of("SELECT COUNT(*) FROM quarantine");
  return {};
}

Result<uint64_t> Store::Write(WriteBatch* batch) {
  std::unique_lock lock(mu_);
  uint64_t first = next_obs_seq_;
  for (auto& o : batch->observations) o.seq = next_obs_seq_++;
  for (auto& r : batch->revisions) {
    if (r.seq == 0) r.seq = next_rev_seq_++;
  }
  for (auto& m : batch->maps) m.seq = next_map_seq_++;
  ++counts_.writes;
  Pending me{batch, false, std::nullopt};
  queue_.push_back(&me);
  // Group commit: the first writer that finds no leader commits everything
  // queued; the others wait for it.
  while (!me.done) {
    if (!leader_) {
      leader_ = true;
      std::vector<Pending*> group(queue_.begin(), queue_.end());
      queue_.clear();
      lock.unlock();
      Result<void> r;
      {
        std::lock_guard db_lock(db_mu_);
        r = CommitLocked(group);
      }
      lock.lock();
      for (Pending* p : group) {
        p->done = true;
        if (!r) p->error = r.error();
      }
      if (r) {
        ++counts_.commits;
        for (Pending* p : group) {
          counts_.observations += p->batch->observations.size();
          counts_.observations -= std::min<uint64_t>(
              counts_.observations, p->batch->drop_observations.size());
          counts_.revisions += p->batch->revisions.size();
          counts_.batches += p->batch->batches.size();
          counts_.control_maps += p->batch->maps.size();
          counts_.quarantine += p->batch->quarantine.size();
        }
      }
      leader_ = false;
      done_.notify_all();
    } else {
      done_.wait(lock);
    }
  }
  if (me.error) return std::unexpected(*me.error);
  return first;
}

Result<void> Store::CommitLocked(const std::vector<Pending*>& group) {
  if (auto r = Exec(db_, "BEGIN IMMEDIATE"); !r) return r;
  auto fail = [&](std::string_view what) {
    auto e = SqlError(db_, what);
    Exec(db_, "ROLLBACK");
    return e;
  };
  Stmt obs(db_,
           "INSERT INTO observations(seq, feed, time_ns, kind, scheme, "
           "subject, class_name, event, obs, raw, received_ns) "
           "VALUES(?,?,?,?,?,?,?,?,?,?,?)");
  Stmt rev(db_,
           "INSERT INTO revisions(seq, id, revision, engine_revision, json, "
           "log_index) VALUES(?,?,?,?,?,?)");
  Stmt bat(db_,
           "INSERT INTO batches(feed, kind, received_ns, records, accepted, "
           "quarantined, sha256, log_index) VALUES(?,?,?,?,?,?,?,?)");
  Stmt map(db_,
           "INSERT INTO control_maps(seq, name, date, file, sha256, "
           "received_ns) VALUES(?,?,?,?,?,?)");
  Stmt judged(db_,
              "UPDATE control_maps SET after_seq=?, after_time_ns=? WHERE "
              "seq=?");
  Stmt quar(db_,
            "INSERT INTO quarantine(feed, line, raw, reason, received_ns) "
            "VALUES(?,?,?,?,?)");
  Stmt drop(db_, "DELETE FROM observations WHERE seq=?");
  if (!obs.ok() || !rev.ok() || !bat.ok() || !map.ok() || !judged.ok() ||
      !quar.ok() || !drop.ok()) {
    return fail("preparing statements");
  }
  for (Pending* p : group) {
    const WriteBatch& b = *p->batch;
    for (const auto& o : b.observations) {
      const auto& ob = o.observation;
      obs.Bind(1, static_cast<int64_t>(o.seq));
      obs.Bind(2, o.feed);
      obs.Bind(3, ob.time_ns);
      obs.Bind(4, static_cast<int64_t>(ob.kind));
      obs.Bind(5, static_cast<int64_t>(ob.scheme));
      obs.Bind(6, static_cast<int64_t>(ob.subject_id));
      obs.Bind(7, ob.class_name);
      obs.Bind(8, ob.event);
      obs.BindBlob(9, EncodeObservation(ob));
      obs.BindBlob(10, o.raw);
      obs.Bind(11, o.received.ns_since_epoch);
      if (obs.Step() != SQLITE_DONE) return fail("storing an observation");
      obs.Reset();
    }
    for (const auto& r : b.revisions) {
      rev.Bind(1, static_cast<int64_t>(r.seq));
      rev.Bind(2, r.id);
      rev.Bind(3, r.revision);
      if (r.engine_revision) {
        rev.Bind(4, *r.engine_revision);
      } else {
        rev.BindNull(4);
      }
      rev.Bind(5, r.json);
      rev.Bind(6, static_cast<int64_t>(r.log_index));
      if (rev.Step() != SQLITE_DONE) return fail("storing a revision");
      rev.Reset();
    }
    for (const auto& x : b.batches) {
      bat.Bind(1, x.feed);
      bat.Bind(2, x.kind);
      bat.Bind(3, x.received.ns_since_epoch);
      bat.Bind(4, static_cast<int64_t>(x.records));
      bat.Bind(5, static_cast<int64_t>(x.accepted));
      bat.Bind(6, static_cast<int64_t>(x.quarantined));
      bat.Bind(7, x.sha256);
      bat.Bind(8, static_cast<int64_t>(x.log_index));
      if (bat.Step() != SQLITE_DONE) return fail("storing a batch");
      bat.Reset();
    }
    for (const auto& m : b.maps) {
      map.Bind(1, static_cast<int64_t>(m.seq));
      map.Bind(2, m.name);
      map.Bind(3, m.date);
      map.Bind(4, m.file);
      map.Bind(5, m.sha256);
      map.Bind(6, m.received.ns_since_epoch);
      if (map.Step() != SQLITE_DONE) return fail("storing a control map");
      map.Reset();
    }
    for (const auto& j : b.judged) {
      judged.Bind(1, static_cast<int64_t>(j.after_seq));
      judged.Bind(2, j.after_time_ns);
      judged.Bind(3, static_cast<int64_t>(j.map_seq));
      if (judged.Step() != SQLITE_DONE) return fail("marking a map judged");
      judged.Reset();
    }
    for (uint64_t seq : b.drop_observations) {
      drop.Bind(1, static_cast<int64_t>(seq));
      if (drop.Step() != SQLITE_DONE) return fail("dropping an observation");
      drop.Reset();
    }
    for (const auto& q : b.quarantine) {
      quar.Bind(1, q.feed);
      quar.Bind(2, static_cast<int64_t>(q.line));
      quar.BindBlob(3, q.raw);
      quar.Bind(4, q.reason);
      quar.Bind(5, q.received.ns_since_epoch);
      if (quar.Step() != SQLITE_DONE) return fail("storing quarantine");
      quar.Reset();
    }
  }
  if (auto r = Exec(db_, "COMMIT"); !r) {
    Exec(db_, "ROLLBACK");
    return r;
  }
  return {};
}

Result<std::string> Store::SaveControlMapFile(std::string_view name,
                                              std::string_view bytes) {
  uint64_t n;
  {
    std::lock_guard lock(mu_);
    n = next_map_seq_;  // a hint for a readable, unique name
  }
  // A folder per map keeps the posted file name, which the territory watch
  // names in its incidents' evidence, as the replay names the file.
  std::string rel;
  fs::path path;
  for (uint64_t k = n;; ++k) {
    rel = fmt::format("control-maps/{}/{}", k, SafeName(name));
    path = data_dir_ / rel;
    if (!fs::exists(path.parent_path())) break;
  }
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    return Fail(ErrorCode::kIo,
                fmt::format("cannot create '{}'", path.parent_path().string()),
                "check the data folder and free space");
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) {
    return Fail(ErrorCode::kIo, fmt::format("cannot write '{}'", path.string()),
                "check the data folder and free space");
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w <= 0) {
      ::close(fd);
      return Fail(ErrorCode::kIo,
                  fmt::format("cannot write '{}'", path.string()),
                  "check free space in the data folder");
    }
    done += static_cast<size_t>(w);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    return Fail(ErrorCode::kIo, fmt::format("cannot sync '{}'", path.string()),
                "check the data folder's file system");
  }
  return rel;
}

Result<std::vector<StoredObservation>> Store::LoadObservations(
    bool with_raw) const {
  std::lock_guard lock(db_mu_);
  Stmt s(db_, with_raw ? "SELECT seq, feed, obs, class_name, event, raw, "
                         "received_ns FROM observations ORDER BY seq"
                       : "SELECT seq, feed, obs, class_name, event, '', "
                         "received_ns FROM observations ORDER BY seq");
  if (!s.ok()) return SqlError(db_, "reading observations");
  std::vector<StoredObservation> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    StoredObservation o;
    o.seq = static_cast<uint64_t>(s.Int(0));
    o.feed = s.Text(1);
    auto decoded = DecodeObservation(s.Text(2), s.Text(3), s.Text(4));
    if (!decoded) return std::unexpected(decoded.error());
    o.observation = *decoded;
    o.raw = s.Text(5);
    o.received = TimeNs{s.Int(6)};
    out.push_back(std::move(o));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "reading observations");
  return out;
}

Result<std::vector<RevisionRow>> Store::LoadRevisions() const {
  std::lock_guard lock(db_mu_);
  Stmt s(db_,
         "SELECT seq, id, revision, engine_revision, json, log_index FROM "
         "revisions ORDER BY seq");
  if (!s.ok()) return SqlError(db_, "reading revisions");
  std::vector<RevisionRow> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    RevisionRow r;
    r.seq = static_cast<uint64_t>(s.Int(0));
    r.id = s.Text(1);
    r.revision = static_cast<int>(s.Int(2));
    if (!s.IsNull(3)) r.engine_revision = static_cast<int>(s.Int(3));
    r.json = s.Text(4);
    r.log_index = static_cast<uint64_t>(s.Int(5));
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "reading revisions");
  return out;
}

Result<std::vector<ControlMapRow>> Store::LoadControlMaps() const {
  std::lock_guard lock(db_mu_);
  Stmt s(db_,
         "SELECT seq, name, date, file, sha256, received_ns, after_seq, "
         "after_time_ns FROM control_maps ORDER BY seq");
  if (!s.ok()) return SqlError(db_, "reading control maps");
  std::vector<ControlMapRow> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    ControlMapRow m;
    m.seq = static_cast<uint64_t>(s.Int(0));
    m.name = s.Text(1);
    m.date = s.Text(2);
    m.file = s.Text(3);
    m.sha256 = s.Text(4);
    m.received = TimeNs{s.Int(5)};
    if (!s.IsNull(6)) m.after_seq = static_cast<uint64_t>(s.Int(6));
    m.after_time_ns = s.Int(7);
    out.push_back(std::move(m));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "reading control maps");
  return out;
}

Result<std::vector<QuarantineRow>> Store::LoadQuarantine(size_t limit) const {
  std::lock_guard lock(db_mu_);
  Stmt s(db_,
         "SELECT feed, line, raw, reason, received_ns FROM quarantine ORDER "
         "BY seq LIMIT ?");
  if (!s.ok()) return SqlError(db_, "reading quarantine");
  s.Bind(1, static_cast<int64_t>(limit));
  std::vector<QuarantineRow> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out.push_back({s.Text(0), static_cast<uint64_t>(s.Int(1)), s.Text(2),
                   s.Text(3), TimeNs{s.Int(4)}});
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "reading quarantine");
  return out;
}

Result<std::vector<BatchRow>> Store::LoadBatches() const {
  std::lock_guard lock(db_mu_);
  Stmt s(db_,
         "SELECT feed, kind, received_ns, records, accepted, quarantined, "
         "sha256, log_index FROM batches ORDER BY seq");
  if (!s.ok()) return SqlError(db_, "reading batches");
  std::vector<BatchRow> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    BatchRow b;
    b.feed = s.Text(0);
    b.kind = s.Text(1);
    b.received = TimeNs{s.Int(2)};
    b.records = static_cast<uint64_t>(s.Int(3));
    b.accepted = static_cast<uint64_t>(s.Int(4));
    b.quarantined = static_cast<uint64_t>(s.Int(5));
    b.sha256 = s.Text(6);
    b.log_index = static_cast<uint64_t>(s.Int(7));
    out.push_back(std::move(b));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "reading batches");
  return out;
}

Result<std::optional<std::string>> Store::GetMeta(
    const std::string& key) const {
  std::lock_guard lock(db_mu_);
  Stmt s(db_, "SELECT value FROM meta WHERE key=?");
  if (!s.ok()) return SqlError(db_, "reading meta");
  s.Bind(1, key);
  int rc = s.Step();
  if (rc == SQLITE_ROW) return s.Text(0);
  if (rc != SQLITE_DONE) return SqlError(db_, "reading meta");
  return std::nullopt;
}

Result<void> Store::SetMeta(const std::string& key, const std::string& value) {
  std::lock_guard lock(db_mu_);
  Stmt s(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
  if (!s.ok()) return SqlError(db_, "writing meta");
  s.Bind(1, key);
  s.Bind(2, value);
  if (s.Step() != SQLITE_DONE) return SqlError(db_, "writing meta");
  return {};
}

Result<uint64_t> Store::DeleteObservationsBefore(int64_t time_ns) {
  uint64_t n;
  {
    std::lock_guard lock(db_mu_);
    Stmt s(db_, "DELETE FROM observations WHERE time_ns < ?");
    if (!s.ok()) return SqlError(db_, "deleting old observations");
    s.Bind(1, time_ns);
    if (s.Step() != SQLITE_DONE) {
      return SqlError(db_, "deleting old observations");
    }
    n = static_cast<uint64_t>(sqlite3_changes(db_));
  }
  std::lock_guard lock(mu_);
  counts_.observations -= std::min(counts_.observations, n);
  return n;
}

StoreCounts Store::Counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

}  // namespace truce::store
