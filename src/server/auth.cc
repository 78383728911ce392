#include "server/auth.h"

#include <fmt/format.h>
#include <sodium.h>
#include <sqlite3.h>

#include <array>
#include <chrono>

#include "base/time.h"
#include "ledger/hash.h"
#include "server/sqlite_stmt.h"

namespace truce::server {
namespace {

constexpr std::array<std::string_view, 5> kRoleNames = {
    "public", "party", "guarantor", "monitor", "admin"};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS tokens(
  id INTEGER PRIMARY KEY,
  sha256 BLOB NOT NULL UNIQUE,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  party TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0);
)sql";

std::string NowRfc3339() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return FormatRfc3339(TimeNs::FromUnixSeconds(
      std::chrono::duration_cast<std::chrono::seconds>(now).count()));
}

}  // namespace

std::string_view Name(Role role) {
  return kRoleNames[static_cast<size_t>(role)];
}

std::optional<Role> ParseRole(std::string_view name) {
  for (size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

std::filesystem::path TokenStore::DatabasePath(
    const std::filesystem::path& data_dir) {
  return data_dir / "tokens.db";
}

Result<std::unique_ptr<TokenStore>> TokenStore::Open(
    const std::filesystem::path& data_dir) {
  if (sodium_init() < 0) {
    return Fail(ErrorCode::kInternal, "libsodium failed to initialise");
  }
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return Fail(
        ErrorCode::kIo,
        fmt::format("cannot create {}: {}", data_dir.string(), ec.message()),
        "check --data and its permissions");
  }
  auto db = OpenTokensDb(DatabasePath(data_dir), kSchema);
  if (!db) return std::unexpected(db.error());
  return std::unique_ptr<TokenStore>(new TokenStore(*db));
}

TokenStore::~TokenStore() { sqlite3_close(db_); }

Result<std::string> TokenStore::Create(Role role, std::string_view name,
                                       std::string_view party) {
  if (role == Role::kPublic) {
    return Fail(ErrorCode::kInvalidInput, "the public role needs no token",
                "use --role admin, monitor, guarantor or party");
  }
  if (name.empty()) {
    return Fail(ErrorCode::kInvalidInput, "the token needs a --name",
                "e.g. --name \"field team 3\"", {"", 0, 0, "name"});
  }
  // Party and guarantor tokens speak for someone: the party whose disputes
  // they file, the guarantor whose obligations they acknowledge.
  if (role == Role::kParty && party.empty()) {
    return Fail(ErrorCode::kInvalidInput, "a party token must name its party",
                "add --party PARTY_ID (an id from the agreement's parties)",
                {"", 0, 0, "party"});
  }
  if (role == Role::kGuarantor && party.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                "a guarantor token must name its guarantor",
                "add --guarantor ID (an id from the commitments' guarantors)",
                {"", 0, 0, "guarantor"});
  }
  if (role != Role::kParty && role != Role::kGuarantor && !party.empty()) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("--party and --guarantor apply only to the party "
                            "and guarantor roles, not {}",
                            Name(role)),
                "drop the option, or use --role party or guarantor",
                {"", 0, 0, "party"});
  }
  std::array<unsigned char, 32> raw;
  randombytes_buf(raw.data(), raw.size());
  std::string token(kTokenPrefix);
  for (unsigned char b : raw) token += fmt::format("{:02x}", b);
  ledger::Hash digest = ledger::Sha256(std::string_view(token));
  std::lock_guard lock(mu_);
  {
    Stmt dup(db_, "SELECT 1 FROM tokens WHERE name=?1 AND revoked=0");
    dup.Bind(1, name);
    if (dup.Step() == SQLITE_ROW) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("a live token named '{}' exists", name),
                  "choose another --name or revoke the old token first",
                  {"", 0, 0, "name"});
    }
  }
  Stmt ins(db_,
           "INSERT INTO tokens(sha256, role, name, party, created) "
           "VALUES(?1, ?2, ?3, ?4, ?5)");
  ins.BindBlob(1, digest.data(), digest.size());
  ins.Bind(2, Name(role));
  ins.Bind(3, name);
  ins.Bind(4, party);
  ins.Bind(5, NowRfc3339());
  if (ins.Step() != SQLITE_DONE) return TokensDbError(db_, "insert");
  return token;
}

Result<std::optional<Principal>> TokenStore::Authenticate(
    std::string_view token) {
  ledger::Hash digest = ledger::Sha256(token);
  std::lock_guard lock(mu_);
  Stmt q(db_,
         "SELECT id, sha256, role, name, party FROM tokens "
         "WHERE revoked=0");
  if (!q.ok()) return TokensDbError(db_, "query");
  std::optional<Principal> found;
  int rc;
  // Every live hash is compared, in constant time, with no early exit: the
  // time taken says nothing about which stored hash is closest.
  while ((rc = q.Step()) == SQLITE_ROW) {
    std::string stored = q.Text(1);
    if (stored.size() != digest.size()) continue;
    if (sodium_memcmp(stored.data(), digest.data(), digest.size()) == 0) {
      auto role = ParseRole(q.Text(2));
      if (!role) continue;
      found = Principal{*role, q.Text(3), q.Text(4), q.Int(0)};
    }
  }
  if (rc != SQLITE_DONE) return TokensDbError(db_, "query");
  return found;
}

Result<std::vector<TokenInfo>> TokenStore::List() {
  std::lock_guard lock(mu_);
  Stmt q(db_,
         "SELECT id, role, name, party, created, revoked FROM tokens "
         "ORDER BY id");
  std::vector<TokenInfo> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    out.push_back({q.Int(0), ParseRole(q.Text(1)).value_or(Role::kPublic),
                   q.Text(2), q.Text(3), q.Text(4), q.Int(5) != 0});
  }
  if (rc != SQLITE_DONE) return TokensDbError(db_, "list");
  return out;
}

Result<void> TokenStore::Revoke(std::string_view name) {
  std::lock_guard lock(mu_);
  Stmt up(db_,
          "UPDATE tokens SET revoked=1 WHERE revoked=0 AND "
          "(name=?1 OR CAST(id AS TEXT)=?1)");
  up.Bind(1, name);
  if (up.Step() != SQLITE_DONE) return TokensDbError(db_, "revoke");
  if (sqlite3_changes(db_) == 0) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("no live token named '{}'", name),
                "see `truce token list --data DIR` for names and ids");
  }
  return {};
}

}  // namespace truce::server
