#include "server/sqlite_stmt.h"

#include <fmt/format.h>

namespace truce::server {

std::unexpected<Error> TokensDbError(sqlite3* db, std::string_view what) {
  return Fail(ErrorCode::kIo,
              fmt::format("tokens.db: {}: {}", what,
                          db ? sqlite3_errmsg(db) : "cannot open"),
              "check the --data folder, its permissions and free space");
}

Result<sqlite3*> OpenTokensDb(const std::filesystem::path& path,
                              const char* schema) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    auto err = TokensDbError(db, "open");
    sqlite3_close(db);
    return err;
  }
  sqlite3_busy_timeout(db, 5000);
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                   nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(db, schema, nullptr, nullptr, nullptr) != SQLITE_OK) {
    auto err = TokensDbError(db, "schema");
    sqlite3_close(db);
    return err;
  }
  return db;
}

}  // namespace truce::server
