#include "ledger/proof_bundle.h"

#include <fmt/format.h>

#include "ledger/cosignature.h"
#include "ledger/proof.h"

namespace truce::ledger {
namespace {

std::unexpected<Error> Malformed(std::string what) {
  return Fail(ErrorCode::kInvalidInput, "tlog-proof: " + std::move(what),
              "see c2sp.org/tlog-proof");
}

// Removes and returns the next line (without '\n'); nullopt at the end or if
// the line is not terminated.
std::optional<std::string_view> NextLine(std::string_view* rest) {
  const size_t nl = rest->find('\n');
  if (nl == rest->npos) return std::nullopt;
  std::string_view line = rest->substr(0, nl);
  rest->remove_prefix(nl + 1);
  return line;
}

}  // namespace

std::string FormatProofBundle(const ProofBundle& b) {
  std::string out = std::string(kTlogProofHeader) + "\n";
  if (b.extra) out += "extra " + Base64Encode(*b.extra) + "\n";
  out += fmt::format("index {}\n", b.index);
  for (const Hash& h : b.proof) out += Base64Encode(h) + "\n";
  out += "\n";
  out += b.signed_checkpoint;
  return out;
}

Result<ProofBundle> ParseProofBundle(std::string_view text) {
  std::string_view rest = text;
  auto header = NextLine(&rest);
  if (!header || *header != kTlogProofHeader) {
    return Malformed("first line is not c2sp.org/tlog-proof@v1");
  }
  ProofBundle b;
  auto line = NextLine(&rest);
  if (line && line->starts_with("extra ")) {
    auto extra = Base64Decode(line->substr(6));
    if (!extra) return Malformed("extra data is not base64");
    b.extra = std::move(*extra);
    line = NextLine(&rest);
  }
  if (!line || !line->starts_with("index ")) {
    return Malformed("no index line");
  }
  auto index = ParseDecimal(line->substr(6));
  if (!index) return Malformed("index is not a decimal without leading 0s");
  b.index = *index;
  while (true) {
    line = NextLine(&rest);
    if (!line) return Malformed("no empty line before the checkpoint");
    if (line->empty()) break;
    auto h = Base64Decode(*line);
    if (!h || h->size() != kHashBytes) {
      return Malformed("inclusion proof line is not base64 of 32 bytes");
    }
    Hash hash;
    std::copy(h->begin(), h->end(), hash.begin());
    b.proof.push_back(hash);
  }
  if (rest.empty()) return Malformed("no checkpoint");
  b.signed_checkpoint = std::string(rest);
  return b;
}

Result<VerifiedBundle> VerifyProofBundle(const ProofBundle& bundle,
                                         const Hash& leaf_hash,
                                         const VerifierKey& log_key,
                                         std::span<const VerifierKey> witnesses,
                                         size_t quorum) {
  auto opened = OpenCheckpoint(bundle.signed_checkpoint, log_key);
  if (!opened) return std::unexpected(opened.error());
  VerifiedBundle out;
  out.checkpoint = opened->checkpoint;
  out.index = bundle.index;
  const Note& note = opened->note.note;
  for (const VerifierKey& w : witnesses) {
    for (const NoteSignature& sig : note.signatures) {
      if (sig.name != w.name || sig.key_id != w.key_id) continue;
      if (auto ok = VerifySignature(w, note.text, sig); !ok) {
        return std::unexpected(ok.error());
      }
      out.witnesses.push_back(w);
      break;
    }
  }
  if (out.witnesses.size() < quorum) {
    return Fail(ErrorCode::kVerification,
                fmt::format("{} of the required {} witness cosignatures",
                            out.witnesses.size(), quorum),
                "ask more witnesses to cosign the checkpoint");
  }
  if (auto ok = VerifyInclusion(bundle.index, out.checkpoint.size, leaf_hash,
                                bundle.proof, out.checkpoint.root);
      !ok) {
    return std::unexpected(ok.error());
  }
  return out;
}

}  // namespace truce::ledger
