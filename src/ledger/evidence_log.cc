#include "ledger/evidence_log.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/canonical_json.h"
#include "ledger/canonical_check.h"
#include "ledger/checkpoint.h"
#include "ledger/encoding.h"

namespace truce::ledger {
namespace {

namespace fs = std::filesystem;

// Integers above 2^53 are not exact in RFC 8785 numbers (IEEE doubles).
constexpr std::uint64_t kMaxExactJsonInteger = std::uint64_t{1} << 53;

std::unexpected<Error> BadRecord(std::string field, std::string what,
                                 std::string hint) {
  Error e{ErrorCode::kInvalidInput,
          "batch record: " + std::move(what),
          std::move(hint),
          {}};
  e.where.field = std::move(field);
  return std::unexpected(std::move(e));
}

}  // namespace

Result<std::string> BatchRecordJson(const BatchRecord& record) {
  if (record.source.empty()) {
    return BadRecord("source", "source is empty",
                     "name the feed the batch was read from");
  }
  if (record.count > kMaxExactJsonInteger) {
    return BadRecord(
        "count",
        fmt::format("count {} is beyond 2^53, not exact in JSON", record.count),
        "split the batch");
  }
  if (record.first_time > record.last_time) {
    return BadRecord("first_time",
                     fmt::format("first time {} is after last time {}",
                                 FormatRfc3339(record.first_time),
                                 FormatRfc3339(record.last_time)),
                     "pass the earliest and latest observation times");
  }
  const nlohmann::json j = {
      {"type", "batch"},
      {"source", record.source},
      {"count", record.count},
      {"first", FormatRfc3339(record.first_time)},
      {"last", FormatRfc3339(record.last_time)},
      {"sha256", HexEncode(record.sha256)},
  };
  auto canonical = CanonicalJson(j);
  if (!canonical) {
    Error e = canonical.error();
    e.message = "batch record: " + e.message;
    if (e.where.field.empty()) e.where.field = "source";
    return std::unexpected(std::move(e));
  }
  return canonical;
}

Result<SignerKey> LoadSignerKeyFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("cannot read signer key {}", path.string()),
                "create one with `truce log keygen --name ORIGIN --out DIR`");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  auto key = ParseSignerKey(text);
  if (!key) {
    Error e = key.error();
    e.where.file = path.string();
    return std::unexpected(std::move(e));
  }
  return key;
}

Result<std::unique_ptr<EvidenceLog>> EvidenceLog::Open(
    const fs::path& dir, const fs::path& signer_key_file) {
  auto key = LoadSignerKeyFile(signer_key_file);
  if (!key) return std::unexpected(key.error());
  return Open(dir, *key);
}

Result<std::unique_ptr<EvidenceLog>> EvidenceLog::Open(const fs::path& dir,
                                                       const SignerKey& key) {
  if (key.alg != kAlgEd25519) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("key '{}' is a witness (cosignature) key, not a "
                            "log key",
                            key.name),
                "a log key is an Ed25519 (0x01) key: create one with "
                "`truce log keygen` without --cosigner");
  }
  auto store = Store::Open(dir, /*create=*/true);
  if (!store) return std::unexpected(store.error());
  auto origin = (*store)->Origin();
  if (!origin) return std::unexpected(origin.error());
  if (!*origin) {
    if (auto r = (*store)->SetOrigin(key.name); !r) {
      return std::unexpected(r.error());
    }
  } else if (**origin != key.name) {
    return Fail(ErrorCode::kInvalidInput,
                fmt::format("the log in {} has origin '{}' but the signer key "
                            "is named '{}'",
                            dir.string(), **origin, key.name),
                fmt::format("sign with the key of '{}', or use a new log "
                            "folder for '{}'",
                            **origin, key.name));
  }
  return std::unique_ptr<EvidenceLog>(new EvidenceLog(std::move(*store), key));
}

Result<std::uint64_t> EvidenceLog::Append(std::vector<std::string> leaves) {
  // A non-canonical leaf would still hash, but no other party re-serializing
  // the record would reproduce its leaf hash.
  for (size_t i = 0; i < leaves.size(); ++i) {
    // The quick single pass decides the common case; the full
    // canonicalization (the oracle) decides the rest and explains refusals.
    if (QuickCanonicalCheck(leaves[i]) == CanonicalCheck::kCanonical) continue;
    auto canonical = CanonicalizeJsonText(leaves[i]);
    if (!canonical || *canonical != leaves[i]) {
      return Fail(
          ErrorCode::kInvalidInput,
          fmt::format("leaf {} of this append is not RFC 8785 "
                      "canonical JSON{}",
                      i, canonical ? "" : ": " + canonical.error().message),
          "serialize it with CanonicalJson (base/canonical_json.h); "
          "nothing of this append was written");
    }
  }
  if (leaves.empty()) return store_->Size();
  return store_->Append(std::move(leaves));
}

Result<std::string> EvidenceLog::SignCheckpoint() {
  const Store::Head head = store_->CurrentHead();
  const Checkpoint cp{key_.name, head.size, head.root, {}};
  auto note = ledger::SignCheckpoint(cp, key_);
  if (!note) return std::unexpected(note.error());
  if (auto r = store_->PutCheckpoint(cp.size, *note); !r) {
    return std::unexpected(r.error());
  }
  return note;
}

}  // namespace truce::ledger
