// Auth: bearer tokens and the roles they carry (docs/api/README.md).
//
// Tokens live in DATA_DIR/tokens.db (SQLite, WAL) as the SHA-256 of the
// token, never the token itself: a token is 32 random bytes from the
// operating system (libsodium), so a fast hash is enough (no dictionary to
// search; docs/decisions/0009-http-server.md). The token is printed once by
// `truce token create` and cannot be recovered. Lookups compare every stored
// hash in constant time (sodium_memcmp), without early exit.
//
// Roles, weakest first: public (no token), party (names its party),
// guarantor, monitor, admin. What each may do is the route table's business
// (server/routes.h).
//
// Ownership: TokenStore owns its SQLite connection. Thread safety: every
// method may be called from any thread (one mutex around the connection).
#ifndef TRUCE_SERVER_AUTH_H_
#define TRUCE_SERVER_AUTH_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"

struct sqlite3;

namespace truce::server {

enum class Role { kPublic, kParty, kGuarantor, kMonitor, kAdmin };
std::string_view Name(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Who is calling: the token's role, name and whom it speaks for.
struct Principal {
  Role role = Role::kPublic;
  std::string name;  // the token's name; empty for public
  // The party id (party role) or guarantor id (guarantor role) the token
  // speaks for; empty for the other roles.
  std::string party;
  int64_t token_id = 0;
};

struct TokenInfo {
  int64_t id = 0;
  Role role = Role::kPublic;
  std::string name, party;
  std::string created;  // RFC 3339
  bool revoked = false;
};

inline constexpr std::string_view kTokenPrefix = "truce_";

class TokenStore {
 public:
  static std::filesystem::path DatabasePath(
      const std::filesystem::path& data_dir);
  // Creates data_dir and tokens.db if missing.
  static Result<std::unique_ptr<TokenStore>> Open(
      const std::filesystem::path& data_dir);
  ~TokenStore();
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;

  // A new token for `name` (unique among live tokens); `party` (whom it
  // speaks for: a party id, or a guarantor id) is required for the party
  // and guarantor roles and refused for the others. Returns the token text.
  Result<std::string> Create(Role role, std::string_view name,
                             std::string_view party);
  // The principal of a live token; nullopt for an unknown or revoked one.
  Result<std::optional<Principal>> Authenticate(std::string_view token);
  Result<std::vector<TokenInfo>> List();
  // Revokes the live token named `name` (or with numeric id `name`);
  // kNotFound if none.
  Result<void> Revoke(std::string_view name);

 private:
  explicit TokenStore(sqlite3* db) : db_(db) {}
  std::mutex mu_;
  sqlite3* db_;
};

}  // namespace truce::server

#endif  // TRUCE_SERVER_AUTH_H_
