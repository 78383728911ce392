// TokenStore on a real SQLite file: tokens are stored as their SHA-256 only,
// authenticate until revoked, and roles are checked at creation.
#include "server/auth.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ledger/encoding.h"
#include "ledger/hash.h"

namespace truce::server {
namespace {

std::filesystem::path TempDir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() /
             (std::string(name) + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(AuthTest, TokenIsStoredHashedAndAuthenticates) {
  auto dir = TempDir("truce-auth");
  auto store = TokenStore::Open(dir);
  ASSERT_TRUE(store) << store.error().ToString();
  auto token = (*store)->Create(Role::kMonitor, "field team 3", "");
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(token->rfind("truce_", 0), 0u);
  EXPECT_EQ(token->size(), 6u + 64u);

  // The database holds the SHA-256 of the token and never the token.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "tokens.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "SELECT sha256 FROM tokens", -1, &st, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  std::string stored(static_cast<const char*>(sqlite3_column_blob(st, 0)),
                     sqlite3_column_bytes(st, 0));
  ledger::Hash want = ledger::Sha256(std::string_view(*token));
  EXPECT_EQ(stored, std::string(want.begin(), want.end()));
  sqlite3_finalize(st);
  sqlite3_close(db);
  // Nor does any file in the data folder.
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    EXPECT_EQ(s.str().find(token->substr(6)), std::string::npos) << e.path();
  }

  auto who = (*store)->Authenticate(*token);
  ASSERT_TRUE(who);
  ASSERT_TRUE(who->has_value());
  EXPECT_EQ((*who)->role, Role::kMonitor);
  EXPECT_EQ((*who)->name, "field team 3");

  auto wrong = (*store)->Authenticate(*token + "0");
  ASSERT_TRUE(wrong);
  EXPECT_FALSE(wrong->has_value());

  ASSERT_TRUE((*store)->Revoke("field team 3"));
  auto after = (*store)->Authenticate(*token);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->has_value());
  EXPECT_EQ((*store)->Revoke("field team 3").error().code,
            ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(AuthTest, PartyTokensNameTheirParty) {
  auto dir = TempDir("truce-auth-party");
  auto store = TokenStore::Open(dir);
  ASSERT_TRUE(store);
  auto missing = (*store)->Create(Role::kParty, "a", "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().where.field, "party");
  EXPECT_FALSE((*store)->Create(Role::kAdmin, "b", "A"));
  EXPECT_FALSE((*store)->Create(Role::kPublic, "c", ""));
  EXPECT_FALSE((*store)->Create(Role::kAdmin, "", ""));
  auto t = (*store)->Create(Role::kParty, "party a", "A");
  ASSERT_TRUE(t);
  // Names of live tokens are unique.
  EXPECT_FALSE((*store)->Create(Role::kParty, "party a", "A"));
  auto who = (*store)->Authenticate(*t);
  ASSERT_TRUE(who && who->has_value());
  EXPECT_EQ((*who)->party, "A");
  auto list = (*store)->List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].role, Role::kParty);
  EXPECT_FALSE((*list)[0].revoked);
  std::filesystem::remove_all(dir);
}

TEST(AuthTest, GuarantorTokensNameTheirGuarantor) {
  auto dir = TempDir("truce-auth-guarantor");
  auto store = TokenStore::Open(dir);
  ASSERT_TRUE(store);
  auto missing = (*store)->Create(Role::kGuarantor, "desk", "");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().where.field, "guarantor");
  EXPECT_FALSE((*store)->Create(Role::kMonitor, "m", "guarantor-a"));
  auto t = (*store)->Create(Role::kGuarantor, "desk", "guarantor-a");
  ASSERT_TRUE(t);
  auto who = (*store)->Authenticate(*t);
  ASSERT_TRUE(who && who->has_value());
  EXPECT_EQ((*who)->role, Role::kGuarantor);
  EXPECT_EQ((*who)->party, "guarantor-a");
  std::filesystem::remove_all(dir);
}

TEST(AuthTest, RoleNamesRoundTrip) {
  for (Role r : {Role::kPublic, Role::kParty, Role::kGuarantor, Role::kMonitor,
                 Role::kAdmin}) {
    EXPECT_EQ(ParseRole(Name(r)), r);
  }
  EXPECT_FALSE(ParseRole("root"));
}

}  // namespace
}  // namespace truce::server
