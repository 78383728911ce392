// Standard base64 (RFC 4648 section 4, with padding) and lowercase hex, the
// encodings of signed notes, checkpoints and proofs.
//
// Decoding is strict: no whitespace, padding required, non-zero trailing bits
// rejected, so that every byte string has exactly one accepted encoding.
//
// Thread safety: pure functions.
#ifndef TRUCE_LEDGER_ENCODING_H_
#define TRUCE_LEDGER_ENCODING_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace truce::ledger {

using Bytes = std::vector<std::uint8_t>;

std::string Base64Encode(std::span<const std::uint8_t> bytes);
std::optional<Bytes> Base64Decode(std::string_view text);

std::string HexEncode(std::span<const std::uint8_t> bytes);
std::optional<Bytes> HexDecode(std::string_view text);

// Strict decimal without sign or leading zeros ("0" allowed), fitting in
// uint64 (the tree size and index lines of checkpoints and proofs).
std::optional<std::uint64_t> ParseDecimal(std::string_view text);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_ENCODING_H_
