#include "server/evidence.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ledger/checkpoint.h"
#include "ledger/cosignature.h"
#include "ledger/encoding.h"
#include "ledger/hash.h"
#include "ledger/proof_bundle.h"

namespace truce::server {
namespace {

std::optional<std::string> ReadText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Trim(std::string s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) {
    s.pop_back();
  }
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

// A key from a file holding a signer or a verifier key.
std::optional<ledger::VerifierKey> KeyFromText(const std::string& text) {
  std::string t = Trim(text);
  if (auto s = ledger::ParseSignerKey(t)) return ledger::VerifierFor(*s);
  if (auto v = ledger::ParseVerifierKey(t)) return *v;
  return std::nullopt;
}

}  // namespace

Result<ledger::VerifierKey> LoadLogKey(const std::filesystem::path& data_dir,
                                       const std::string& log_key_file,
                                       const std::string& origin) {
  if (!log_key_file.empty()) {
    auto text = ReadText(log_key_file);
    if (!text) {
      return Fail(ErrorCode::kNotFound,
                  fmt::format("cannot read log key {}", log_key_file),
                  "check --log-key");
    }
    auto key = KeyFromText(*text);
    if (!key) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("{} holds no log key", log_key_file),
                  "give the NAME.key that `truce log keygen` wrote");
    }
    return *key;
  }
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(data_dir / "keys", ec)) {
    if (!entry.is_regular_file()) continue;
    auto text = ReadText(entry.path());
    if (!text) continue;
    auto key = KeyFromText(*text);
    if (key && key->name == origin && key->alg == ledger::kAlgEd25519) {
      return *key;
    }
  }
  return Fail(ErrorCode::kNotFound,
              fmt::format("no key for log '{}' in {}", origin,
                          (data_dir / "keys").string()),
              "give the log's key with --log-key");
}

Result<std::vector<ledger::VerifierKey>> LoadWitnessKeys(
    const std::filesystem::path& file) {
  auto text = ReadText(file);
  if (!text) {
    return Fail(ErrorCode::kNotFound,
                fmt::format("cannot read {}", file.string()),
                "check --witness-keys");
  }
  std::vector<ledger::VerifierKey> keys;
  std::istringstream in(*text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (auto hash = line.find('#'); hash != std::string::npos) {
      line.resize(hash);
    }
    line = Trim(line);
    if (line.empty()) continue;
    auto key = ledger::ParseVerifierKey(line);
    if (!key || key->alg != ledger::kAlgCosignatureV1) {
      return Fail(ErrorCode::kInvalidInput,
                  key ? "not a witness (cosignature/v1) key"
                      : "not a verifier key: " + key.error().message,
                  "one `truce log keygen --cosigner` verifier key per line",
                  {file.string(), n, 1, ""});
    }
    keys.push_back(*key);
  }
  return keys;
}

bool VerifyRevisionProof(std::string_view bundle_text,
                         std::string_view revision_json,
                         const ledger::VerifierKey& log_key) {
  auto bundle = ledger::ParseProofBundle(bundle_text);
  if (!bundle || !bundle->extra) return false;
  std::string_view extra(reinterpret_cast<const char*>(bundle->extra->data()),
                         bundle->extra->size());
  if (extra != revision_json) return false;
  auto ok = ledger::VerifyProofBundle(*bundle, ledger::HashLeaf(revision_json),
                                      log_key, {}, 0);
  return ok.has_value();
}

uint64_t CheckpointSize(const std::optional<std::string>& signed_note) {
  if (!signed_note) return 0;
  auto note = ledger::ParseNote(*signed_note);
  if (!note) return 0;
  auto cp = ledger::ParseCheckpoint(note->text);
  return cp ? cp->size : 0;
}

std::string CheckpointJson(const std::optional<std::string>& signed_note,
                           const std::vector<StoredCosignature>& cosigs) {
  nlohmann::ordered_json j;
  std::optional<ledger::Checkpoint> cp;
  if (signed_note) {
    if (auto note = ledger::ParseNote(*signed_note)) {
      if (auto c = ledger::ParseCheckpoint(note->text)) cp = *c;
    }
  }
  j["origin"] = cp ? nlohmann::ordered_json(cp->origin) : nullptr;
  j["size"] = cp ? cp->size : 0;
  j["root"] =
      cp ? nlohmann::ordered_json(ledger::Base64Encode(cp->root)) : nullptr;
  j["note"] = signed_note ? nlohmann::ordered_json(*signed_note) : nullptr;
  j["cosignatures"] = nlohmann::ordered_json::array();
  for (const auto& c : cosigs) {
    j["cosignatures"].push_back({{"name", c.name}, {"note", c.note}});
  }
  return j.dump();
}

Result<std::vector<StoredCosignature>> CheckCosignature(
    std::string_view body, const std::optional<std::string>& latest_note,
    const ledger::VerifierKey& log_key,
    const std::vector<ledger::VerifierKey>& witnesses) {
  std::string trimmed(body);
  while (!trimmed.empty() &&
         (trimmed.back() == '\n' || trimmed.back() == '\r')) {
    trimmed.pop_back();
  }
  std::string signed_note;
  bool line_only = trimmed.rfind("\xe2\x80\x94 ", 0) == 0 &&
                   trimmed.find('\n') == std::string::npos;
  if (line_only) {
    if (!latest_note) {
      return Fail(ErrorCode::kNotFound, "the log has no checkpoint yet",
                  "wait for the first checkpoint (GET /api/checkpoint)");
    }
    signed_note = *latest_note;
    if (!signed_note.empty() && signed_note.back() != '\n') signed_note += '\n';
    signed_note += trimmed + "\n";
  } else {
    signed_note = trimmed + "\n";
  }
  auto note = ledger::ParseNote(signed_note);
  if (!note) {
    return Fail(ErrorCode::kInvalidInput,
                "not a cosignature line or cosigned checkpoint: " +
                    note.error().message,
                "post the line `— NAME BASE64` that `truce witness cosign` "
                "adds, or its whole output",
                {"", 0, 0, "body"});
  }
  // The checkpoint itself must be this log's, whatever the witness says.
  ledger::Note log_only{note->text, {}};
  for (const auto& s : note->signatures) {
    if (s.name == log_key.name && s.key_id == log_key.key_id) {
      log_only.signatures.push_back(s);
    }
  }
  auto opened = ledger::OpenCheckpoint(ledger::FormatNote(log_only), log_key);
  if (!opened) {
    return Fail(
        ErrorCode::kVerification,
        "the checkpoint is not signed by this log: " + opened.error().message,
        "cosign a checkpoint from GET /api/checkpoint");
  }
  std::vector<StoredCosignature> out;
  for (const auto& sig : note->signatures) {
    if (sig.name == log_key.name && sig.key_id == log_key.key_id) continue;
    const ledger::VerifierKey* key = nullptr;
    for (const auto& w : witnesses) {
      if (w.name == sig.name && w.key_id == sig.key_id) key = &w;
    }
    if (key == nullptr) {
      return Fail(ErrorCode::kVerification,
                  fmt::format("'{}' is not a known witness", sig.name),
                  "the server trusts the keys in its --witness-keys file");
    }
    auto ok = ledger::VerifyCosignature(*key, note->text, sig);
    if (!ok) {
      return Fail(ErrorCode::kVerification,
                  fmt::format("the cosignature of '{}' does not verify: {}",
                              sig.name, ok.error().message),
                  "cosign the checkpoint text exactly as served");
    }
    ledger::Note one = log_only;
    one.signatures.push_back(sig);
    out.push_back(
        {opened->checkpoint.size, sig.name, ledger::FormatNote(one), ""});
  }
  if (out.empty()) {
    return Fail(ErrorCode::kInvalidInput, "no witness cosignature in the body",
                "post the line that `truce witness cosign` adds",
                {"", 0, 0, "body"});
  }
  return out;
}

}  // namespace truce::server
