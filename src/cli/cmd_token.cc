// truce token create|list|revoke --data DIR: the bearer tokens of `truce
// serve` (server/auth.h). A token is printed once, at creation; only its
// SHA-256 is stored.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "server/auth.h"

namespace truce::cli {
namespace {

struct TokenArgs {
  std::string data, role, name, party;
};

int Report(const Error& e) {
  fmt::print(stderr, "error: {}\n", e.ToString());
  return ExitCodeFor(e.code);
}

Result<std::unique_ptr<server::TokenStore>> OpenStore(const std::string& dir) {
  return server::TokenStore::Open(dir);
}

int RunCreate(const TokenArgs& a) {
  auto role = server::ParseRole(a.role);
  if (!role || *role == server::Role::kPublic) {
    fmt::print(stderr,
               "error: --role '{}' is not a token role; use admin, monitor, "
               "guarantor or party\n",
               a.role);
    return 2;
  }
  auto store = OpenStore(a.data);
  if (!store) return Report(store.error());
  auto token = (*store)->Create(*role, a.name, a.party);
  if (!token) return Report(token.error());
  fmt::print("{}\n", *token);
  fmt::print(stderr,
             "token for '{}' ({}{}): shown once, stored only as its SHA-256; "
             "send it as Authorization: Bearer TOKEN\n",
             a.name, a.role, a.party.empty() ? "" : ", for " + a.party);
  return 0;
}

int RunList(const TokenArgs& a) {
  auto store = OpenStore(a.data);
  if (!store) return Report(store.error());
  auto list = (*store)->List();
  if (!list) return Report(list.error());
  fmt::print("{:>4}  {:<10} {:<8} {:<20} {:<8} {}\n", "id", "role", "party",
             "created", "state", "name");
  for (const auto& t : *list) {
    fmt::print("{:>4}  {:<10} {:<8} {:<20} {:<8} {}\n", t.id,
               server::Name(t.role), t.party.empty() ? "-" : t.party, t.created,
               t.revoked ? "revoked" : "live", t.name);
  }
  return 0;
}

int RunRevoke(const TokenArgs& a) {
  auto store = OpenStore(a.data);
  if (!store) return Report(store.error());
  if (auto r = (*store)->Revoke(a.name); !r) return Report(r.error());
  fmt::print("revoked '{}'\n", a.name);
  return 0;
}

}  // namespace

void AddTokenCommands(CLI::App& root, int* exit_code) {
  auto* token = root.add_subcommand(
      "token", "Bearer tokens of truce serve: create, list, revoke");
  token->require_subcommand(1);
  auto args = std::make_shared<TokenArgs>();
  {
    auto* cmd = token->add_subcommand(
        "create", "Create a token and print it (once; only its hash is kept)");
    cmd->add_option("--data", args->data, "The server's data folder")
        ->required();
    cmd->add_option("--role", args->role, "admin | monitor | guarantor | party")
        ->required();
    cmd->add_option("--name", args->name, "Who holds it, e.g. \"field team 3\"")
        ->required();
    auto* party =
        cmd->add_option("--party", args->party,
                        "The party a party token speaks for (party id)");
    cmd->add_option("--guarantor", args->party,
                    "The guarantor a guarantor token acknowledges for "
                    "(guarantor id from the commitments)")
        ->excludes(party);
    cmd->callback([=] { *exit_code = RunCreate(*args); });
  }
  {
    auto* cmd = token->add_subcommand("list", "List tokens (never the tokens)");
    cmd->add_option("--data", args->data, "The server's data folder")
        ->required();
    cmd->callback([=] { *exit_code = RunList(*args); });
  }
  {
    auto* cmd = token->add_subcommand("revoke", "Revoke a token by name or id");
    cmd->add_option("--data", args->data, "The server's data folder")
        ->required();
    cmd->add_option("name", args->name, "Token name or id")->required();
    cmd->callback([=] { *exit_code = RunRevoke(*args); });
  }
}

}  // namespace truce::cli
