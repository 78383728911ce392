#include "ledger/note.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>

#include "ledger/cosignature.h"
#include "ledger/hash.h"

namespace truce::ledger {
namespace {

constexpr std::string_view kEmDash = "\xe2\x80\x94";  // U+2014
constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";

std::unexpected<Error> Malformed(std::string what, std::string hint = {}) {
  return Fail(ErrorCode::kInvalidInput, std::move(what), std::move(hint));
}

// Decodes one UTF-8 code point at s[*i]; false if invalid.
bool NextCodePoint(std::string_view s, size_t* i, char32_t* cp) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  size_t len = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
  if (len == 0 || *i + len > s.size()) return false;
  char32_t v = len == 1 ? c : c & (0x7F >> len);
  for (size_t j = 1; j < len; ++j) {
    unsigned char cc = static_cast<unsigned char>(s[*i + j]);
    if ((cc & 0xC0) != 0x80) return false;
    v = (v << 6) | (cc & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return false;
  }
  *i += len;
  *cp = v;
  return true;
}

bool IsUnicodeSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::uint32_t ReadBigEndian32(std::span<const std::uint8_t> b) {
  return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 |
         std::uint32_t{b[2]} << 8 | b[3];
}

// "name+hex id+base64(alg||key)" into its parts.
struct KeyParts {
  std::string name;
  std::uint32_t key_id;
  Bytes material;  // alg || key
};

Result<KeyParts> SplitKey(std::string_view text, std::string_view what) {
  const size_t p1 = text.find('+');
  const size_t p2 = p1 == text.npos ? text.npos : text.find('+', p1 + 1);
  if (p2 == text.npos) {  // base64 may itself contain '+'
    return Malformed(fmt::format("{} is not name+keyid+base64key", what));
  }
  KeyParts parts;
  parts.name = std::string(text.substr(0, p1));
  if (!IsValidKeyName(parts.name)) {
    return Malformed(fmt::format("{} has an invalid key name", what));
  }
  std::string_view id_hex = text.substr(p1 + 1, p2 - p1 - 1);
  auto id = HexDecode(id_hex);
  if (id_hex.size() != 8 || !id ||
      std::any_of(id_hex.begin(), id_hex.end(),
                  [](char c) { return c >= 'A' && c <= 'F'; })) {
    return Malformed(
        fmt::format("{} key ID is not 8 lowercase hex digits", what));
  }
  parts.key_id = ReadBigEndian32(*id);
  auto material = Base64Decode(text.substr(p2 + 1));
  if (!material || material->size() != 33) {
    return Malformed(fmt::format(
        "{} key is not base64 of an algorithm byte and 32 key bytes", what));
  }
  parts.material = std::move(*material);
  return parts;
}

bool SupportedAlg(std::uint8_t alg) {
  return alg == kAlgEd25519 || alg == kAlgCosignatureV1;
}

}  // namespace

bool IsValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  size_t i = 0;
  while (i < name.size()) {
    char32_t c;
    if (!NextCodePoint(name, &i, &c)) return false;
    if (IsUnicodeSpace(c) || c == '+' || c < 0x20) return false;
  }
  return true;
}

std::uint32_t KeyId(std::string_view name, std::uint8_t alg,
                    std::span<const std::uint8_t> public_key) {
  std::string buf(name);
  buf.push_back('\n');
  buf.push_back(static_cast<char>(alg));
  buf.append(reinterpret_cast<const char*>(public_key.data()),
             public_key.size());
  return ReadBigEndian32(Sha256(buf));
}

Result<VerifierKey> ParseVerifierKey(std::string_view text) {
  auto parts = SplitKey(text, "verifier key");
  if (!parts) return std::unexpected(parts.error());
  VerifierKey key;
  key.name = std::move(parts->name);
  key.key_id = parts->key_id;
  key.alg = parts->material[0];
  if (!SupportedAlg(key.alg)) {
    return Malformed(fmt::format("verifier key algorithm 0x{:02x} is not "
                                 "supported",
                                 key.alg),
                     "truce uses 0x01 (Ed25519) and 0x04 (cosignature/v1)");
  }
  std::copy(parts->material.begin() + 1, parts->material.end(),
            key.public_key.begin());
  if (KeyId(key.name, key.alg, key.public_key) != key.key_id) {
    return Malformed("verifier key ID does not match its name and key");
  }
  return key;
}

std::string FormatVerifierKey(const VerifierKey& key) {
  Bytes material{key.alg};
  material.insert(material.end(), key.public_key.begin(), key.public_key.end());
  return fmt::format("{}+{:08x}+{}", key.name, key.key_id,
                     Base64Encode(material));
}

Result<SignerKey> ParseSignerKey(std::string_view text) {
  if (!text.starts_with(kPrivatePrefix)) {
    return Malformed("signer key does not start with PRIVATE+KEY+");
  }
  auto parts = SplitKey(text.substr(kPrivatePrefix.size()), "signer key");
  if (!parts) return std::unexpected(parts.error());
  auto key = SignerKeyFromSeed(
      parts->name, parts->material[0],
      std::span<const std::uint8_t>(parts->material).subspan(1));
  if (!key) return key;
  if (key->key_id != parts->key_id) {
    return Malformed("signer key ID does not match its name and key");
  }
  return key;
}

std::string FormatSignerKey(const SignerKey& key) {
  Bytes material{key.alg};
  material.insert(material.end(), key.seed.begin(), key.seed.end());
  return fmt::format("{}{}+{:08x}+{}", kPrivatePrefix, key.name, key.key_id,
                     Base64Encode(material));
}

Result<SignerKey> SignerKeyFromSeed(std::string_view name, std::uint8_t alg,
                                    std::span<const std::uint8_t> seed) {
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "libsodium init");
  if (!IsValidKeyName(name)) return Malformed("invalid key name");
  if (!SupportedAlg(alg)) return Malformed("unsupported key algorithm");
  if (seed.size() != 32) return Malformed("Ed25519 seed is not 32 bytes");
  SignerKey key;
  key.name = std::string(name);
  key.alg = alg;
  std::copy(seed.begin(), seed.end(), key.seed.begin());
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk;
  crypto_sign_seed_keypair(key.public_key.data(), sk.data(), key.seed.data());
  sodium_memzero(sk.data(), sk.size());
  key.key_id = KeyId(key.name, alg, key.public_key);
  return key;
}

Result<SignerKey> GenerateSignerKey(std::string_view name, std::uint8_t alg) {
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "libsodium init");
  std::array<std::uint8_t, 32> seed;
  randombytes_buf(seed.data(), seed.size());
  auto key = SignerKeyFromSeed(name, alg, seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

VerifierKey VerifierFor(const SignerKey& key) {
  return VerifierKey{key.name, key.key_id, key.alg, key.public_key};
}

std::string NoteSignature::Line() const {
  Bytes bytes{static_cast<std::uint8_t>(key_id >> 24),
              static_cast<std::uint8_t>(key_id >> 16),
              static_cast<std::uint8_t>(key_id >> 8),
              static_cast<std::uint8_t>(key_id)};
  bytes.insert(bytes.end(), signature.begin(), signature.end());
  return fmt::format("{} {} {}\n", kEmDash, name, Base64Encode(bytes));
}

Result<Note> ParseNote(std::string_view s) {
  if (s.size() > kMaxNoteBytes) return Malformed("signed note is too large");
  size_t i = 0;
  while (i < s.size()) {
    char32_t c;
    if (!NextCodePoint(s, &i, &c)) {
      return Malformed("signed note is not valid UTF-8");
    }
    if (c < 0x20 && c != '\n') {
      return Malformed("signed note contains a control character",
                       "only newline (U+000A) is allowed");
    }
  }
  if (!s.ends_with('\n')) return Malformed("signed note does not end in \\n");
  // The text ends at the last blank line.
  const size_t blank = s.rfind("\n\n");
  if (blank == s.npos) {
    return Malformed("signed note has no blank line before its signatures");
  }
  Note note;
  note.text = std::string(s.substr(0, blank + 1));
  std::string_view rest = s.substr(blank + 2);
  if (rest.empty()) return Malformed("signed note has no signatures");
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    if (note.signatures.size() == kMaxNoteSignatures) {
      return Malformed("signed note has too many signatures");
    }
    if (!line.starts_with(kEmDash) || line.size() < kEmDash.size() + 1 ||
        line[kEmDash.size()] != ' ') {
      return Malformed("signature line does not start with \"— \"");
    }
    line.remove_prefix(kEmDash.size() + 1);
    const size_t sp = line.find(' ');
    if (sp == line.npos) return Malformed("signature line has no signature");
    NoteSignature sig;
    sig.name = std::string(line.substr(0, sp));
    if (!IsValidKeyName(sig.name)) {
      return Malformed("signature line has an invalid key name");
    }
    auto bytes = Base64Decode(line.substr(sp + 1));
    if (!bytes || bytes->size() < 5) {
      return Malformed("signature is not base64 of a key ID and signature");
    }
    sig.key_id = ReadBigEndian32(*bytes);
    sig.signature.assign(bytes->begin() + 4, bytes->end());
    note.signatures.push_back(std::move(sig));
  }
  return note;
}

std::string FormatNote(const Note& note) {
  std::string out = note.text + "\n";
  for (const auto& sig : note.signatures) out += sig.Line();
  return out;
}

Result<NoteSignature> SignNote(const SignerKey& key, std::string_view text) {
  if (key.alg != kAlgEd25519) {
    return Malformed("a note signer key must be Ed25519 (0x01)",
                     "cosigner keys (0x04) sign with witness cosign");
  }
  if (text.empty() || !text.ends_with('\n')) {
    return Malformed("note text must end with a newline");
  }
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "libsodium init");
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk;
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk;
  crypto_sign_seed_keypair(pk.data(), sk.data(), key.seed.data());
  NoteSignature sig{key.name, key.key_id, Bytes(crypto_sign_BYTES)};
  crypto_sign_detached(sig.signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), sk.data());
  sodium_memzero(sk.data(), sk.size());
  return sig;
}

Result<void> VerifySignature(const VerifierKey& key, std::string_view text,
                             const NoteSignature& sig) {
  if (sig.name != key.name || sig.key_id != key.key_id) {
    return Fail(ErrorCode::kVerification,
                fmt::format("signature is not by key {}", key.name));
  }
  if (key.alg == kAlgCosignatureV1) {
    auto ts = VerifyCosignature(key, text, sig);
    if (!ts) return std::unexpected(ts.error());
    return {};
  }
  if (sodium_init() < 0) return Fail(ErrorCode::kInternal, "libsodium init");
  if (sig.signature.size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(
          sig.signature.data(),
          reinterpret_cast<const unsigned char*>(text.data()), text.size(),
          key.public_key.data()) != 0) {
    return Fail(ErrorCode::kVerification,
                fmt::format("signature by {} does not verify", key.name));
  }
  return {};
}

Result<OpenedNote> OpenNote(std::string_view signed_note,
                            std::span<const VerifierKey> known) {
  auto note = ParseNote(signed_note);
  if (!note) return std::unexpected(note.error());
  OpenedNote out;
  for (const NoteSignature& sig : note->signatures) {
    for (const VerifierKey& key : known) {
      if (key.name != sig.name || key.key_id != sig.key_id) continue;
      if (auto ok = VerifySignature(key, note->text, sig); !ok) {
        return std::unexpected(ok.error());
      }
      out.verified_by.push_back(key);
    }
  }
  if (out.verified_by.empty()) {
    return Fail(ErrorCode::kVerification,
                "no signature from a known key on the note",
                "check the verifier key and the note's origin");
  }
  out.note = std::move(*note);
  return out;
}

}  // namespace truce::ledger
