// Stmt: a prepared SQLite statement with RAII, for the server's small tables
// (auth.cc, journal.cc), and
// the one way both open tokens.db. Internal to src/server.
//
// Thread safety: none; callers hold the owning connection's mutex.
#ifndef TRUCE_SERVER_SQLITE_STMT_H_
#define TRUCE_SERVER_SQLITE_STMT_H_

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.h"

namespace truce::server {

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
  void Bind(int i, std::string_view s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()),
                      SQLITE_TRANSIENT);
  }
  void BindBlob(int i, const void* p, size_t n) {
    sqlite3_bind_blob(stmt_, i, p, static_cast<int>(n), SQLITE_TRANSIENT);
  }
  int Step() { return sqlite3_step(stmt_); }
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

// An error of tokens.db (`what` failed), as kIo with what to check.
std::unexpected<Error> TokensDbError(sqlite3* db, std::string_view what);

// Opens tokens.db at `path` (WAL, synchronous=FULL, a 5 s busy timeout) and
// applies `schema`; the caller owns the connection (sqlite3_close).
Result<sqlite3*> OpenTokensDb(const std::filesystem::path& path,
                              const char* schema);

}  // namespace truce::server

#endif  // TRUCE_SERVER_SQLITE_STMT_H_
