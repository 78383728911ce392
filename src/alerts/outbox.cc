#include "alerts/outbox.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace truce::alerts {
namespace {

constexpr const char* kFormat = "truce-outbox/1";

std::unexpected<Error> SqlError(sqlite3* db, std::string_view what) {
  int code = sqlite3_extended_errcode(db) & 0xFF;
  ErrorCode ec = (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
                     ? ErrorCode::kCorrupt
                     : ErrorCode::kIo;
  return Fail(ec, fmt::format("outbox: {}: {}", what, sqlite3_errmsg(db)),
              ec == ErrorCode::kCorrupt
                  ? "the file is not a truce outbox or is damaged"
                  : "check the outbox path, its permissions and free space");
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
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  void BindBlob(int i, std::string_view s) {
    sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) { return sqlite3_column_double(stmt_, col); }
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
CREATE TABLE IF NOT EXISTS messages(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  endpoint TEXT NOT NULL,
  identifier TEXT NOT NULL,
  incident_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  msg_type TEXT NOT NULL,
  content_type TEXT NOT NULL,
  body BLOB NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  enqueued_ms INTEGER NOT NULL,
  done_ms INTEGER,
  last_http_status INTEGER,
  last_error TEXT,
  UNIQUE(endpoint, identifier));
CREATE INDEX IF NOT EXISTS messages_head ON messages(endpoint, state, id);
CREATE TABLE IF NOT EXISTS attempts(
  message_id INTEGER NOT NULL REFERENCES messages(id),
  attempt INTEGER NOT NULL,
  started_ms INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  http_status INTEGER,
  error TEXT,
  PRIMARY KEY(message_id, attempt));
)sql";

}  // namespace

Result<void> Outbox::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    auto e = SqlError(db_, msg);
    return e;
  }
  return {};
}

Result<std::unique_ptr<Outbox>> Outbox::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
      nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(ErrorCode::kIo,
                fmt::format("cannot open outbox {}: {}", path, msg),
                "check that its folder exists and is writable");
  }
  std::unique_ptr<Outbox> box(new Outbox(db));
  sqlite3_busy_timeout(db, 10'000);
  // WAL + FULL: a committed state change survives power loss (see the
  // decision record); foreign keys keep attempts tied to messages.
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "PRAGMA foreign_keys=ON"}) {
    if (auto r = box->Exec(sql); !r) {
      r.error().message = fmt::format("{} ({})", r.error().message, path);
      return std::unexpected(r.error());
    }
  }
  if (auto r = box->Exec("BEGIN IMMEDIATE"); !r)
    return std::unexpected(r.error());
  if (auto r = box->Exec(kSchema); !r) {
    (void)box->Exec("ROLLBACK");
    return std::unexpected(r.error());
  }
  {
    Stmt get(db, "SELECT value FROM meta WHERE key = 'format'");
    if (!get.ok()) return SqlError(db, "reading the format");
    if (get.Step() == SQLITE_ROW) {
      if (get.Text(0) != kFormat) {
        (void)box->Exec("ROLLBACK");
        return Fail(ErrorCode::kCorrupt,
                    fmt::format("{} is a '{}' database, not a {}", path,
                                get.Text(0), kFormat),
                    "give the outbox that truce alerts send created");
      }
    } else {
      Stmt put(db, "INSERT INTO meta(key, value) VALUES('format', ?1)");
      put.Bind(1, std::string_view(kFormat));
      if (put.Step() != SQLITE_DONE) return SqlError(db, "writing the format");
    }
  }
  if (auto r = box->Exec("COMMIT"); !r) return std::unexpected(r.error());
  return box;
}

Outbox::~Outbox() { sqlite3_close(db_); }

Result<int64_t> Outbox::Enqueue(std::span<const std::string> endpoints,
                                std::span<const CapMessage> messages,
                                int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (auto r = Exec("BEGIN IMMEDIATE"); !r) return std::unexpected(r.error());
  Stmt ins(db_,
           "INSERT OR IGNORE INTO messages(endpoint, identifier, incident_id, "
           "revision, msg_type, content_type, body, state, next_attempt_ms, "
           "enqueued_ms) VALUES(?1, ?2, ?3, ?4, ?5, 'application/cap+xml', "
           "?6, 'pending', ?7, ?7)");
  if (!ins.ok()) {
    (void)Exec("ROLLBACK");
    return SqlError(db_, "preparing the enqueue");
  }
  int64_t added = 0;
  // Endpoint by endpoint, messages in order: ids grow in delivery order.
  for (const auto& ep : endpoints) {
    for (const auto& m : messages) {
      ins.Bind(1, std::string_view(ep));
      ins.Bind(2, std::string_view(m.identifier));
      ins.Bind(3, std::string_view(m.incident_id));
      ins.Bind(4, int64_t{m.revision});
      ins.Bind(5, std::string_view(m.msg_type));
      ins.BindBlob(6, m.xml);
      ins.Bind(7, now_ms);
      if (ins.Step() != SQLITE_DONE) {
        auto e = SqlError(db_, "enqueueing");
        (void)Exec("ROLLBACK");
        return e;
      }
      added += sqlite3_changes(db_);
      ins.Reset();
    }
  }
  if (auto r = Exec("COMMIT"); !r) return std::unexpected(r.error());
  return added;
}

Result<std::optional<OutboxMessage>> Outbox::Head(const std::string& endpoint) {
  std::lock_guard lock(mu_);
  Stmt q(db_,
         "SELECT id, identifier, incident_id, revision, msg_type, "
         "content_type, body, attempts, next_attempt_ms FROM messages "
         "WHERE endpoint = ?1 AND state = 'pending' ORDER BY id LIMIT 1");
  if (!q.ok()) return SqlError(db_, "reading the queue");
  q.Bind(1, std::string_view(endpoint));
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<OutboxMessage>();
  if (rc != SQLITE_ROW) return SqlError(db_, "reading the queue");
  OutboxMessage m;
  m.id = q.Int(0);
  m.endpoint = endpoint;
  m.identifier = q.Text(1);
  m.incident_id = q.Text(2);
  m.revision = static_cast<int>(q.Int(3));
  m.msg_type = q.Text(4);
  m.content_type = q.Text(5);
  m.body = q.Text(6);
  m.attempts = q.Int(7);
  m.next_attempt_ms = q.Int(8);
  return std::optional<OutboxMessage>(std::move(m));
}

Result<void> Outbox::Record(int64_t id, const AttemptResult& a, bool dead,
                            int64_t next_attempt_ms) {
  std::lock_guard lock(mu_);
  bool ok = a.error.empty();
  if (auto r = Exec("BEGIN IMMEDIATE"); !r) return std::unexpected(r.error());
  auto fail = [&](std::string_view what) {
    auto e = SqlError(db_, what);
    (void)Exec("ROLLBACK");
    return e;
  };
  Stmt up(db_,
          "UPDATE messages SET attempts = attempts + 1, state = ?2, "
          "next_attempt_ms = ?3, done_ms = ?4, last_http_status = ?5, "
          "last_error = ?6 WHERE id = ?1 RETURNING attempts");
  if (!up.ok()) return fail("preparing the state update");
  up.Bind(1, id);
  up.Bind(2, std::string_view(ok ? "delivered" : dead ? "dead" : "pending"));
  up.Bind(3, next_attempt_ms);
  if (ok || dead) {
    up.Bind(4, a.started_ms + a.duration_ms);
  } else {
    up.BindNull(4);
  }
  if (a.http_status) {
    up.Bind(5, int64_t{a.http_status});
  } else {
    up.BindNull(5);
  }
  if (ok) {
    up.BindNull(6);
  } else {
    up.Bind(6, std::string_view(a.error));
  }
  if (up.Step() != SQLITE_ROW) return fail("updating the state");
  int64_t attempt = up.Int(0);
  up.Reset();
  Stmt ins(db_,
           "INSERT INTO attempts(message_id, attempt, started_ms, duration_ms, "
           "http_status, error) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  if (!ins.ok()) return fail("preparing the attempt record");
  ins.Bind(1, id);
  ins.Bind(2, attempt);
  ins.Bind(3, a.started_ms);
  ins.Bind(4, a.duration_ms);
  if (a.http_status) {
    ins.Bind(5, int64_t{a.http_status});
  } else {
    ins.BindNull(5);
  }
  if (ok) {
    ins.BindNull(6);
  } else {
    ins.Bind(6, std::string_view(a.error));
  }
  if (ins.Step() != SQLITE_DONE) return fail("recording the attempt");
  if (auto r = Exec("COMMIT"); !r) return std::unexpected(r.error());
  return {};
}

Result<std::vector<std::string>> Outbox::PendingEndpoints() {
  std::lock_guard lock(mu_);
  Stmt q(db_,
         "SELECT DISTINCT endpoint FROM messages WHERE state = 'pending' "
         "ORDER BY endpoint");
  if (!q.ok()) return SqlError(db_, "reading the queue");
  std::vector<std::string> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(q.Text(0));
  if (rc != SQLITE_DONE) return SqlError(db_, "reading the queue");
  return out;
}

Result<OutboxStatus> Outbox::Status() {
  std::lock_guard lock(mu_);
  OutboxStatus st;
  {
    Stmt q(db_,
           "SELECT endpoint, "
           "SUM(state = 'pending'), SUM(state = 'delivered'), "
           "SUM(state = 'dead'), MAX(attempts), "
           "MIN(CASE WHEN state = 'pending' THEN enqueued_ms END) "
           "FROM messages GROUP BY endpoint ORDER BY endpoint");
    if (!q.ok()) return SqlError(db_, "reading the status");
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      EndpointStatus& e = st.endpoints[q.Text(0)];
      e.pending = q.Int(1);
      e.delivered = q.Int(2);
      e.dead = q.Int(3);
      e.max_attempts_on_one = q.Int(4);
      e.oldest_pending_enqueued_ms = q.Int(5);
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading the status");
  }
  {
    Stmt q(db_,
           "SELECT m.endpoint, COUNT(*), SUM(a.error IS NOT NULL), "
           "MAX(a.duration_ms), AVG(a.duration_ms) FROM attempts a "
           "JOIN messages m ON m.id = a.message_id GROUP BY m.endpoint");
    if (!q.ok()) return SqlError(db_, "reading the status");
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      EndpointStatus& e = st.endpoints[q.Text(0)];
      e.attempts = q.Int(1);
      e.failed_attempts = q.Int(2);
      e.request_ms_max = q.Int(3);
      e.request_ms_mean = q.Real(4);
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading the status");
  }
  {
    // The latest failure per endpoint.
    Stmt q(db_,
           "SELECT m.endpoint, a.error FROM attempts a JOIN messages m ON "
           "m.id = a.message_id WHERE a.error IS NOT NULL ORDER BY "
           "a.started_ms, a.message_id, a.attempt");
    if (!q.ok()) return SqlError(db_, "reading the status");
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      st.endpoints[q.Text(0)].last_error = q.Text(1);
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading the status");
  }
  {
    Stmt q(db_,
           "SELECT endpoint, identifier, attempts, last_error FROM messages "
           "WHERE state = 'dead' ORDER BY id");
    if (!q.ok()) return SqlError(db_, "reading the status");
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      st.dead.push_back({q.Text(0), q.Text(1), q.Text(3), q.Int(2)});
    }
    if (rc != SQLITE_DONE) return SqlError(db_, "reading the status");
  }
  return st;
}

}  // namespace truce::alerts
