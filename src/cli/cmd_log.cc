// `truce log ...` and `truce witness cosign`: the evidence log's commands.
// Formats: docs/formats/evidence-log.md. Errors print as one line on stderr
// and set the documented exit code (base/error.h: ExitCodeFor).
#include <fmt/format.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base/canonical_json.h"
#include "base/error.h"
#include "cli/commands.h"
#include "ledger/checkpoint.h"
#include "ledger/encoding.h"
#include "ledger/evidence_log.h"
#include "ledger/hash.h"
#include "ledger/merkle_tree.h"
#include "ledger/note.h"
#include "ledger/proof.h"
#include "ledger/proof_bundle.h"
#include "ledger/store.h"
#include "ledger/witness.h"

namespace truce::cli {
namespace {

namespace fs = std::filesystem;
using ledger::Hash;

int Report(const Error& e) {
  fmt::print(stderr, "error: {}\n", e.ToString());
  return ExitCodeFor(e.code);
}

int Report(ErrorCode code, std::string message, std::string hint = {},
           SourceLocation where = {}) {
  return Report(
      Error{code, std::move(message), std::move(hint), std::move(where)});
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorCode::kNotFound, fmt::format("cannot read {}", path));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Trimmed(std::string s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) {
    s.pop_back();
  }
  return s;
}

// A verifier key given literally (name+id+key) or as a file holding one.
Result<ledger::VerifierKey> LoadVerifier(const std::string& arg) {
  std::error_code ec;
  if (fs::is_regular_file(arg, ec)) {
    auto text = ReadText(arg);
    if (!text) return std::unexpected(text.error());
    return ledger::ParseVerifierKey(Trimmed(*text));
  }
  return ledger::ParseVerifierKey(arg);
}

Result<std::unique_ptr<ledger::Store>> OpenLog(const std::string& dir) {
  return ledger::Store::Open(dir, /*create=*/false);
}

// The latest signed checkpoint of a log and its parsed body.
struct Latest {
  std::string note;
  ledger::Checkpoint checkpoint;
};

Result<Latest> LatestCheckpoint(const ledger::Store& store) {
  auto note = store.LatestCheckpoint();
  if (!note) return std::unexpected(note.error());
  if (!*note) {
    return Fail(ErrorCode::kNotFound, "the log has no signed checkpoint yet",
                "append entries with `truce log append DIR --key SIGNER`");
  }
  auto parsed = ledger::ParseNote(**note);
  if (!parsed) return std::unexpected(parsed.error());
  auto cp = ledger::ParseCheckpoint(parsed->text);
  if (!cp) return std::unexpected(cp.error());
  return Latest{**note, *cp};
}

std::string SafeFileName(std::string name) {
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') {
      c = '_';
    }
  }
  return name;
}

Result<void> WriteFile(const fs::path& path, const std::string& data,
                       mode_t mode) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  out.close();
  if (!out) {
    return Fail(ErrorCode::kIo, fmt::format("cannot write {}", path.string()));
  }
  ::chmod(path.c_str(), mode);
  return {};
}

int RunKeygen(const std::string& name, const std::string& out_dir,
              bool cosigner) {
  auto key = ledger::GenerateSignerKey(
      name, cosigner ? ledger::kAlgCosignatureV1 : ledger::kAlgEd25519);
  if (!key) return Report(key.error());
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  const fs::path base = fs::path(out_dir) / SafeFileName(name);
  const fs::path skey = base.string() + ".key";
  const fs::path vkey = base.string() + ".vkey";
  if (fs::exists(skey, ec)) {
    return Report(
        ErrorCode::kInvalidInput,
        fmt::format("{} exists; not overwriting a key", skey.string()),
        "choose another --out folder or remove it");
  }
  if (auto r = WriteFile(skey, ledger::FormatSignerKey(*key) + "\n", 0600);
      !r) {
    return Report(r.error());
  }
  const std::string verifier =
      ledger::FormatVerifierKey(ledger::VerifierFor(*key));
  if (auto r = WriteFile(vkey, verifier + "\n", 0644); !r) {
    return Report(r.error());
  }
  fmt::print(stderr, "wrote {} (secret, mode 0600) and {}\n", skey.string(),
             vkey.string());
  fmt::print("{}\n", verifier);
  return 0;
}

int RunAppend(const std::string& dir, const std::string& key_path,
              const std::string& ndjson) {
  // The key first: a wrong key must not leave a new, empty log behind.
  auto key = ledger::LoadSignerKeyFile(key_path);
  if (!key) return Report(key.error());
  auto text = ReadText(ndjson);
  if (!text) return Report(text.error());
  std::vector<std::string> entries;
  std::istringstream lines(*text);
  std::string line;
  for (int n = 1; std::getline(lines, line); ++n) {
    if (Trimmed(line).empty()) continue;
    auto canonical = CanonicalizeJsonText(line);
    if (!canonical) {
      Error e = canonical.error();
      e.where.file = ndjson;
      e.where.line = n;
      return Report(e);
    }
    entries.push_back(std::move(*canonical));
  }
  auto log = ledger::EvidenceLog::Open(dir, *key);
  if (!log) return Report(log.error());
  const std::uint64_t count = entries.size();
  auto first = (*log)->Append(std::move(entries));
  if (!first) return Report(first.error());
  // Durable now: sign the committed tree.
  auto note = (*log)->SignCheckpoint();
  if (!note) return Report(note.error());
  if (count == 0) {
    fmt::print(stderr, "appended no entries; tree size {}\n", (*log)->Size());
  } else {
    fmt::print(stderr, "appended {} entries ({}..{}); tree size {}\n", count,
               *first, *first + count - 1, (*log)->Size());
  }
  fmt::print("{}", *note);
  return 0;
}

int RunCheckpoint(const std::string& dir, const std::string& key_path) {
  if (!key_path.empty()) {
    // Sign the current tree (e.g. after a replay that stopped before signing).
    auto log = ledger::EvidenceLog::Open(dir, key_path);
    if (!log) return Report(log.error());
    auto note = (*log)->SignCheckpoint();
    if (!note) return Report(note.error());
    fmt::print("{}", *note);
    return 0;
  }
  auto store = OpenLog(dir);
  if (!store) return Report(store.error());
  auto latest = LatestCheckpoint(**store);
  if (!latest) return Report(latest.error());
  fmt::print("{}", latest->note);
  return 0;
}

int RunProve(const std::string& dir, std::uint64_t index) {
  auto store = OpenLog(dir);
  if (!store) return Report(store.error());
  auto latest = LatestCheckpoint(**store);
  if (!latest) return Report(latest.error());
  if (index >= latest->checkpoint.size) {
    return Report(ErrorCode::kNotFound,
                  fmt::format("entry {} is not in the latest checkpoint "
                              "(size {})",
                              index, latest->checkpoint.size),
                  "append and sign a new checkpoint first");
  }
  auto entry = (*store)->Entry(index);
  if (!entry) return Report(entry.error());
  auto proof = ledger::InclusionProof(**store, index, latest->checkpoint.size);
  if (!proof) return Report(proof.error());
  ledger::ProofBundle bundle;
  bundle.extra = ledger::Bytes(entry->begin(), entry->end());
  bundle.index = index;
  bundle.proof = std::move(*proof);
  bundle.signed_checkpoint = latest->note;
  fmt::print("{}", ledger::FormatProofBundle(bundle));
  return 0;
}

int RunVerify(const std::string& key_arg, const std::string& bundle_path,
              const std::vector<std::string>& witness_args, size_t quorum) {
  auto key = LoadVerifier(key_arg);
  if (!key) return Report(key.error());
  std::vector<ledger::VerifierKey> witnesses;
  for (const auto& w : witness_args) {
    auto wk = LoadVerifier(w);
    if (!wk) return Report(wk.error());
    witnesses.push_back(*wk);
  }
  auto text = ReadText(bundle_path);
  if (!text) return Report(text.error());
  auto bundle = ledger::ParseProofBundle(*text);
  if (!bundle) return Report(bundle.error());
  if (!bundle->extra) {
    return Report(ErrorCode::kInvalidInput,
                  "the bundle has no extra line with the entry",
                  "truce bundles carry the entry; make one with "
                  "`truce log prove`");
  }
  const Hash leaf = ledger::HashLeaf(*bundle->extra);
  auto ok = ledger::VerifyProofBundle(*bundle, leaf, *key, witnesses, quorum);
  if (!ok) return Report(ok.error());
  fmt::print(stderr,
             "OK: entry {} is in {} at tree size {} (root {}), {} witness "
             "cosignature(s)\n",
             ok->index, ok->checkpoint.origin, ok->checkpoint.size,
             ledger::Base64Encode(ok->checkpoint.root), ok->witnesses.size());
  fmt::print("{}\n", std::string(bundle->extra->begin(), bundle->extra->end()));
  return 0;
}

int RunConsistency(const std::string& dir, std::uint64_t from,
                   std::uint64_t to) {
  auto store = OpenLog(dir);
  if (!store) return Report(store.error());
  if (to == 0) {
    auto latest = LatestCheckpoint(**store);
    if (!latest) return Report(latest.error());
    to = latest->checkpoint.size;
  }
  auto proof = ledger::ConsistencyProof(**store, from, to);
  if (!proof) return Report(proof.error());
  for (const Hash& h : *proof) fmt::print("{}\n", ledger::Base64Encode(h));
  return 0;
}

int RunEntry(const std::string& dir, std::uint64_t index) {
  auto store = OpenLog(dir);
  if (!store) return Report(store.error());
  auto entry = (*store)->Entry(index);
  if (!entry) return Report(entry.error());
  fmt::print("{}\n", *entry);
  return 0;
}

int RunFsck(const std::string& dir) {
  auto store = OpenLog(dir);
  if (!store) return Report(store.error());
  auto report = (*store)->Fsck();
  if (!report) return Report(report.error());
  for (const auto& p : report->problems) {
    fmt::print("CORRUPT entries {}..{}: {}\n", p.first_entry, p.last_entry,
               p.message);
  }
  fmt::print("{}: {} entries, {} nodes, {} checkpoints checked; {}\n", dir,
             report->entries_checked, report->nodes_checked,
             report->checkpoints_checked,
             report->ok()
                 ? "ok"
                 : fmt::format("{} problem(s)", report->problems.size()));
  return report->ok() ? 0 : ExitCodeFor(ErrorCode::kCorrupt);
}

int RunCosign(const std::string& log_key_arg, const std::string& witness_path,
              const std::string& state_dir, const std::string& checkpoint_path,
              const std::string& proof_path) {
  auto log_key = LoadVerifier(log_key_arg);
  if (!log_key) return Report(log_key.error());
  auto witness = ledger::LoadSignerKeyFile(witness_path);
  if (!witness) return Report(witness.error());
  auto note = ReadText(checkpoint_path);
  if (!note) return Report(note.error());
  std::vector<Hash> proof;
  if (!proof_path.empty()) {
    auto text = ReadText(proof_path);
    if (!text) return Report(text.error());
    std::istringstream lines(*text);
    std::string line;
    for (int n = 1; std::getline(lines, line); ++n) {
      if (line.empty()) continue;
      auto h = ledger::Base64Decode(line);
      if (!h || h->size() != ledger::kHashBytes) {
        return Report(ErrorCode::kInvalidInput, "not a base64 SHA-256 hash",
                      "one hash per line, as `truce log consistency` "
                      "prints",
                      SourceLocation{proof_path, n, 0, {}});
      }
      Hash hash;
      std::copy(h->begin(), h->end(), hash.begin());
      proof.push_back(hash);
    }
  }
  const auto now = static_cast<std::uint64_t>(std::time(nullptr));
  auto cosigned =
      ledger::WitnessCosign(state_dir, *log_key, *witness, *note, proof, now);
  if (!cosigned) return Report(cosigned.error());
  fmt::print("{}", *cosigned);
  return 0;
}

}  // namespace

void AddLogCommands(CLI::App& root, int* exit_code) {
  auto* log = root.add_subcommand(
      "log",
      "The evidence log: an append-only Merkle log (RFC 9162) of canonical "
      "JSON entries with signed checkpoints (C2SP signed-note, "
      "tlog-checkpoint) and offline proofs (C2SP tlog-proof).");
  log->require_subcommand(1);

  {
    auto* cmd = log->add_subcommand(
        "keygen",
        "Create an Ed25519 signer key (NAME.key, secret) and its "
        "verifier key (NAME.vkey, printed)");
    auto name = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    auto cosigner = std::make_shared<bool>(false);
    cmd->add_option("--name", *name,
                    "Key name, the log's origin (e.g. monitoring.example/log)")
        ->required();
    cmd->add_option("--out", *out, "Folder for the key files")->required();
    cmd->add_flag("--cosigner", *cosigner,
                  "Make a witness key (C2SP tlog-cosignature/v1, type 0x04)");
    cmd->callback([=] { *exit_code = RunKeygen(*name, *out, *cosigner); });
  }
  {
    auto* cmd = log->add_subcommand(
        "append",
        "Append NDJSON lines as canonical JSON (RFC 8785) entries "
        "and print the new signed checkpoint");
    auto dir = std::make_shared<std::string>();
    auto key = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    cmd->add_option("dir", *dir, "Log folder (created if missing)")->required();
    cmd->add_option("--key", *key, "The log's signer key file")->required();
    cmd->add_option("file", *file, "NDJSON file, one entry per line")
        ->required();
    cmd->callback([=] { *exit_code = RunAppend(*dir, *key, *file); });
  }
  {
    auto* cmd = log->add_subcommand(
        "checkpoint", "Print the latest signed checkpoint (C2SP signed note)");
    auto dir = std::make_shared<std::string>();
    auto key = std::make_shared<std::string>();
    cmd->add_option("dir", *dir, "Log folder")->required();
    cmd->add_option("--key", *key,
                    "The log's signer key file: sign and store a checkpoint "
                    "of the current tree first");
    cmd->callback([=] { *exit_code = RunCheckpoint(*dir, *key); });
  }
  {
    auto* cmd = log->add_subcommand(
        "prove",
        "Print an offline proof bundle (C2SP tlog-proof) for an "
        "entry, against the latest checkpoint");
    auto dir = std::make_shared<std::string>();
    auto index = std::make_shared<std::uint64_t>(0);
    cmd->add_option("dir", *dir, "Log folder")->required();
    cmd->add_option("--index", *index, "Zero-based entry index")->required();
    cmd->callback([=] { *exit_code = RunProve(*dir, *index); });
  }
  {
    auto* cmd = log->add_subcommand(
        "verify", "Verify a proof bundle offline; prints the entry if valid");
    auto key = std::make_shared<std::string>();
    auto bundle = std::make_shared<std::string>();
    auto witnesses = std::make_shared<std::vector<std::string>>();
    auto quorum = std::make_shared<size_t>(0);
    cmd->add_option("--key", *key, "The log's verifier key (or a file)")
        ->required();
    cmd->add_option("--witness-key", *witnesses,
                    "A trusted witness verifier key (repeatable)");
    cmd->add_option("--quorum", *quorum,
                    "Witness cosignatures required (default 0)");
    cmd->add_option("bundle", *bundle, "The .tlog-proof file")->required();
    cmd->callback(
        [=] { *exit_code = RunVerify(*key, *bundle, *witnesses, *quorum); });
  }
  {
    auto* cmd = log->add_subcommand(
        "consistency",
        "Print the RFC 9162 consistency proof from an older "
        "tree size, one base64 hash per line");
    auto dir = std::make_shared<std::string>();
    auto from = std::make_shared<std::uint64_t>(0);
    auto to = std::make_shared<std::uint64_t>(0);
    cmd->add_option("dir", *dir, "Log folder")->required();
    cmd->add_option("--from", *from, "The older tree size")->required();
    cmd->add_option("--to", *to,
                    "The newer tree size (default: latest checkpoint)");
    cmd->callback([=] { *exit_code = RunConsistency(*dir, *from, *to); });
  }
  {
    auto* cmd = log->add_subcommand("entry", "Print entry N (canonical JSON)");
    auto dir = std::make_shared<std::string>();
    auto index = std::make_shared<std::uint64_t>(0);
    cmd->add_option("dir", *dir, "Log folder")->required();
    cmd->add_option("index", *index, "Zero-based entry index")->required();
    cmd->callback([=] { *exit_code = RunEntry(*dir, *index); });
  }
  {
    auto* cmd = log->add_subcommand(
        "fsck",
        "Recompute every stored hash; report corruption with the "
        "entries it hits (exit 5)");
    auto dir = std::make_shared<std::string>();
    cmd->add_option("dir", *dir, "Log folder")->required();
    cmd->callback([=] { *exit_code = RunFsck(*dir); });
  }

  auto* witness = root.add_subcommand(
      "witness", "Witness a log: cosign its checkpoints along one history");
  witness->require_subcommand(1);
  {
    auto* cmd = witness->add_subcommand(
        "cosign",
        "Cosign a checkpoint (C2SP tlog-cosignature) if it is consistent with "
        "the last one this witness cosigned; refuses split views");
    auto log_key = std::make_shared<std::string>();
    auto witness_key = std::make_shared<std::string>();
    auto state = std::make_shared<std::string>();
    auto checkpoint = std::make_shared<std::string>();
    auto proof = std::make_shared<std::string>();
    cmd->add_option("--log-key", *log_key, "The log's verifier key (or file)")
        ->required();
    cmd->add_option("--witness-key", *witness_key,
                    "The witness's signer key file (keygen --cosigner)")
        ->required();
    cmd->add_option("--state", *state, "Witness state folder")->required();
    cmd->add_option("--proof", *proof,
                    "Consistency proof from the last cosigned size "
                    "(`truce log consistency`)");
    cmd->add_option("checkpoint", *checkpoint, "The signed checkpoint file")
        ->required();
    cmd->callback([=] {
      *exit_code =
          RunCosign(*log_key, *witness_key, *state, *checkpoint, *proof);
    });
  }
}

}  // namespace truce::cli
