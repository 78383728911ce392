#include "ledger/witness.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "ledger/checkpoint.h"
#include "ledger/cosignature.h"
#include "ledger/encoding.h"
#include "ledger/proof.h"

namespace truce::ledger {
namespace {

namespace fs = std::filesystem;

fs::path StatePath(const fs::path& dir, std::string_view origin) {
  return dir / (HexEncode(Sha256(origin)) + ".checkpoint");
}

Result<void> WriteDurably(const fs::path& path, const std::string& data) {
  const fs::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    return Fail(ErrorCode::kIo, fmt::format("cannot write {}", tmp.string()));
  }
  const bool ok = ::write(fd, data.data(), data.size()) ==
                      static_cast<ssize_t>(data.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Fail(ErrorCode::kIo, fmt::format("cannot write {}", path.string()));
  }
  const int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

std::unexpected<Error> Refuse(std::string what, std::string hint) {
  return Fail(ErrorCode::kVerification, std::move(what), std::move(hint));
}

}  // namespace

Result<std::string> WitnessCosign(const fs::path& state_dir,
                                  const VerifierKey& log_key,
                                  const SignerKey& witness,
                                  std::string_view signed_checkpoint,
                                  std::span<const Hash> consistency_proof,
                                  std::uint64_t now_s) {
  auto opened = OpenCheckpoint(signed_checkpoint, log_key);
  if (!opened) return std::unexpected(opened.error());
  const Checkpoint& cp = opened->checkpoint;
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  const fs::path state = StatePath(state_dir, cp.origin);
  if (fs::exists(state, ec)) {
    std::ifstream in(state, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto prev = OpenCheckpoint(ss.str(), log_key);
    if (!prev) {
      return Fail(ErrorCode::kCorrupt,
                  fmt::format("witness state {} does not verify: {}",
                              state.string(), prev.error().message),
                  "restore the witness state from a backup");
    }
    const Checkpoint& old = prev->checkpoint;
    if (cp.size < old.size) {
      return Refuse(
          fmt::format("refusing checkpoint of size {}: this witness already "
                      "cosigned size {} of {} (a rollback)",
                      cp.size, old.size, cp.origin),
          "ask the log for its latest checkpoint");
    }
    if (old.size > 0 && cp.size > old.size && consistency_proof.empty()) {
      return Fail(ErrorCode::kInvalidInput,
                  fmt::format("a consistency proof from size {} to size {} is "
                              "required",
                              old.size, cp.size),
                  fmt::format("pass --proof with the output of `truce log "
                              "consistency LOG --from {} --to {}`",
                              old.size, cp.size));
    }
    if (old.size > 0) {
      auto consistent = VerifyConsistency(old.size, cp.size, consistency_proof,
                                          old.root, cp.root);
      if (!consistent) {
        return Refuse(
            fmt::format("SPLIT VIEW: {} checkpoint size {} root {} is not "
                        "consistent with size {} root {} cosigned before ({})",
                        cp.origin, cp.size, Base64Encode(cp.root), old.size,
                        Base64Encode(old.root), consistent.error().message),
            cp.size == old.size
                ? "the log signed two different trees of the same size; "
                  "keep both notes as evidence"
                : fmt::format("pass the proof from `truce log consistency "
                              "LOG --from {}`; if it does not verify, keep "
                              "both notes as evidence of a fork",
                              old.size));
      }
    }
  }
  if (auto ok = WriteDurably(state, std::string(signed_checkpoint)); !ok) {
    return std::unexpected(ok.error());
  }
  auto sig = Cosign(witness, opened->note.note.text, now_s);
  if (!sig) return std::unexpected(sig.error());
  Note out = opened->note.note;
  std::erase_if(out.signatures, [&](const NoteSignature& s) {
    return s.name == witness.name && s.key_id == witness.key_id;
  });
  out.signatures.push_back(std::move(*sig));
  return FormatNote(out);
}

}  // namespace truce::ledger
