#include "ledger/checkpoint.h"

#include <fmt/format.h>

#include <algorithm>

#include "ledger/encoding.h"

namespace truce::ledger {
namespace {

std::unexpected<Error> Malformed(std::string what) {
  return Fail(ErrorCode::kInvalidInput, "checkpoint: " + std::move(what),
              "see c2sp.org/tlog-checkpoint");
}

}  // namespace

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  if (!text.ends_with('\n')) return Malformed("text does not end in \\n");
  std::vector<std::string_view> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) return Malformed("fewer than three lines");
  for (std::string_view line : lines) {
    if (line.empty()) return Malformed("empty line");
  }
  Checkpoint cp;
  cp.origin = std::string(lines[0]);
  auto size = ParseDecimal(lines[1]);
  if (!size) return Malformed("tree size is not a decimal without leading 0s");
  cp.size = *size;
  auto root = Base64Decode(lines[2]);
  if (!root || root->size() != kHashBytes) {
    return Malformed("root hash is not base64 of 32 bytes");
  }
  std::copy(root->begin(), root->end(), cp.root.begin());
  for (size_t i = 3; i < lines.size(); ++i) {
    cp.extensions.emplace_back(lines[i]);
  }
  return cp;
}

std::string FormatCheckpoint(const Checkpoint& cp) {
  std::string out =
      fmt::format("{}\n{}\n{}\n", cp.origin, cp.size, Base64Encode(cp.root));
  for (const auto& e : cp.extensions) out += e + "\n";
  return out;
}

Result<std::string> SignCheckpoint(const Checkpoint& cp,
                                   const SignerKey& log_key) {
  if (cp.origin.empty() || cp.origin.find('\n') != std::string::npos) {
    return Malformed("origin must be one non-empty line");
  }
  for (const auto& e : cp.extensions) {
    if (e.empty() || e.find('\n') != std::string::npos) {
      return Malformed("extension lines must be non-empty single lines");
    }
  }
  Note note{FormatCheckpoint(cp), {}};
  auto sig = SignNote(log_key, note.text);
  if (!sig) return std::unexpected(sig.error());
  note.signatures.push_back(std::move(*sig));
  return FormatNote(note);
}

Result<OpenedCheckpoint> OpenCheckpoint(std::string_view signed_note,
                                        const VerifierKey& log_key) {
  auto opened = OpenNote(signed_note, std::span(&log_key, 1));
  if (!opened) return std::unexpected(opened.error());
  auto cp = ParseCheckpoint(opened->note.text);
  if (!cp) return std::unexpected(cp.error());
  if (cp->origin != log_key.name) {
    return Fail(ErrorCode::kVerification,
                fmt::format("checkpoint origin '{}' is not the log key's name "
                            "'{}'",
                            cp->origin, log_key.name));
  }
  return OpenedCheckpoint{std::move(*cp), std::move(*opened)};
}

}  // namespace truce::ledger
