#include "server/journal.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include "server/auth.h"
#include "server/sqlite_stmt.h"

namespace truce::server {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS acks(id INTEGER PRIMARY KEY, line TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cosignatures(
  id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  name TEXT NOT NULL,
  note TEXT NOT NULL,
  poster TEXT NOT NULL);
)sql";

}  // namespace

Result<std::unique_ptr<Journal>> Journal::Open(
    const std::filesystem::path& data_dir) {
  auto db = OpenTokensDb(TokenStore::DatabasePath(data_dir), kSchema);
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<Journal>(new Journal(*db));
}

Journal::~Journal() { sqlite3_close(db_); }

Result<void> Journal::AppendAck(const std::string& line) {
  std::lock_guard lock(mu_);
  Stmt ins(db_, "INSERT INTO acks(line) VALUES(?1)");
  ins.Bind(1, line);
  if (ins.Step() != SQLITE_DONE) return TokensDbError(db_, "insert ack");
  return {};
}

Result<std::string> Journal::AcksNdjson() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT line FROM acks ORDER BY id");
  std::string out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    out += q.Text(0);
    out += '\n';
  }
  if (rc != SQLITE_DONE) return TokensDbError(db_, "read acks");
  return out;
}

Result<void> Journal::AddCosignature(const StoredCosignature& c) {
  std::lock_guard lock(mu_);
  Stmt ins(db_,
           "INSERT INTO cosignatures(size, name, note, poster) "
           "VALUES(?1, ?2, ?3, ?4)");
  ins.Bind(1, static_cast<int64_t>(c.size));
  ins.Bind(2, c.name);
  ins.Bind(3, c.note);
  ins.Bind(4, c.poster);
  if (ins.Step() != SQLITE_DONE)
    return TokensDbError(db_, "insert cosignature");
  return {};
}

Result<std::vector<StoredCosignature>> Journal::Cosignatures(uint64_t size) {
  std::lock_guard lock(mu_);
  // The newest row per witness name (rows are only ever appended).
  Stmt q(db_,
         "SELECT size, name, note, poster FROM cosignatures WHERE id IN "
         "(SELECT MAX(id) FROM cosignatures WHERE size=?1 GROUP BY name) "
         "ORDER BY name");
  q.Bind(1, static_cast<int64_t>(size));
  std::vector<StoredCosignature> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    out.push_back(
        {static_cast<uint64_t>(q.Int(0)), q.Text(1), q.Text(2), q.Text(3)});
  }
  if (rc != SQLITE_DONE) return TokensDbError(db_, "read cosignatures");
  return out;
}

}  // namespace truce::server
