// C2SP signed-note v1 (c2sp.org/signed-note): text signed by one or more keys.
//
//   <text ending in \n>
//   <blank line>
//   — <key name> base64(4-byte big-endian key ID || signature)
//   ...
//
// Keys: verifier keys are `name+hex(keyID)+base64(alg || public key)`, signer
// keys `PRIVATE+KEY+name+hex(keyID)+base64(alg || 32-byte Ed25519 seed)`
// (the golang.org/x/mod/sumdb/note encoding). keyID = SHA-256(name || 0x0A ||
// alg || public key)[:4]. Two algorithms are supported: 0x01 Ed25519 over the
// note text, and 0x04 timestamped Ed25519 cosignatures (cosignature.h).
//
// OpenNote applies the spec's rules exactly: signatures from unknown keys
// (name and ID not both matching) are ignored; a known key whose signature
// fails rejects the whole note; at least one known key must verify.
//
// Ownership: plain values; SignerKey holds secret material, so callers should
// not log it. Thread safety: pure functions.
#ifndef TRUCE_LEDGER_NOTE_H_
#define TRUCE_LEDGER_NOTE_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "ledger/encoding.h"

namespace truce::ledger {

inline constexpr std::uint8_t kAlgEd25519 = 0x01;
inline constexpr std::uint8_t kAlgCosignatureV1 = 0x04;

// Notes larger than this or with more signatures are rejected (the spec
// requires accepting at least 16 signatures).
inline constexpr size_t kMaxNoteBytes = 1 << 20;
inline constexpr size_t kMaxNoteSignatures = 100;

struct VerifierKey {
  std::string name;
  std::uint32_t key_id = 0;
  std::uint8_t alg = kAlgEd25519;
  std::array<std::uint8_t, 32> public_key{};
};

struct SignerKey {
  std::string name;
  std::uint32_t key_id = 0;
  std::uint8_t alg = kAlgEd25519;
  std::array<std::uint8_t, 32> seed{};        // RFC 8032 private key
  std::array<std::uint8_t, 32> public_key{};  // derived from seed
};

// Key names are non-empty and contain no Unicode space and no '+'.
bool IsValidKeyName(std::string_view name);
std::uint32_t KeyId(std::string_view name, std::uint8_t alg,
                    std::span<const std::uint8_t> public_key);

Result<VerifierKey> ParseVerifierKey(std::string_view text);
std::string FormatVerifierKey(const VerifierKey& key);
Result<SignerKey> ParseSignerKey(std::string_view text);
std::string FormatSignerKey(const SignerKey& key);

// A fresh key from the operating system's randomness (libsodium).
Result<SignerKey> GenerateSignerKey(std::string_view name, std::uint8_t alg);
// The key from a 32-byte seed (deterministic; tests and key import).
Result<SignerKey> SignerKeyFromSeed(std::string_view name, std::uint8_t alg,
                                    std::span<const std::uint8_t> seed);
VerifierKey VerifierFor(const SignerKey& key);

struct NoteSignature {
  std::string name;
  std::uint32_t key_id = 0;
  Bytes signature;  // the bytes after the key ID

  std::string Line() const;  // "— name base64(id || sig)\n"
};

struct Note {
  std::string text;  // ends with '\n'
  std::vector<NoteSignature> signatures;
};

// Splits a signed note into text and signature lines, checking the syntax
// (UTF-8, no control characters but '\n', signature line format) and nothing
// cryptographic.
Result<Note> ParseNote(std::string_view signed_note);
std::string FormatNote(const Note& note);

// An Ed25519 (alg 0x01) signature of `text` (which must end with '\n').
Result<NoteSignature> SignNote(const SignerKey& key, std::string_view text);

// Checks one signature against one key (either algorithm).
Result<void> VerifySignature(const VerifierKey& key, std::string_view text,
                             const NoteSignature& sig);

struct OpenedNote {
  Note note;
  std::vector<VerifierKey> verified_by;  // known keys whose signature verified
};

// Parses and verifies a signed note against trusted keys (rules above).
Result<OpenedNote> OpenNote(std::string_view signed_note,
                            std::span<const VerifierKey> known);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_NOTE_H_
