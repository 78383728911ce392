// Canonical JSON: the RFC 8785 JSON Canonicalization Scheme (JCS).
//
// The evidence log hashes canonical JSON so that any party re-serializing the
// same value gets the same bytes, and so the same leaf hash. Rules (RFC 8785
// section 3.2): no whitespace; object members sorted by their names compared
// as arrays of UTF-16 code units; numbers formatted as ECMAScript's
// Number.prototype.toString (shortest round-trip digits); strings escaped with
// the minimal JSON escapes (\" \\ \b \f \n \r \t, other controls as \u00xx
// lowercase) and every other character written as itself in UTF-8.
//
// Integers are numbers too: values beyond 2^53 are formatted as the nearest
// IEEE 754 double, as the RFC requires. NaN and infinities are rejected, and so
// are strings that are not valid UTF-8 (I-JSON, RFC 7493).
//
// Thread safety: pure functions.
#ifndef TRUCE_BASE_CANONICAL_JSON_H_
#define TRUCE_BASE_CANONICAL_JSON_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "base/error.h"

namespace truce {

// The RFC 8785 serialization of `value`.
Result<std::string> CanonicalJson(const nlohmann::json& value);

// Parses JSON text (one value) and returns its RFC 8785 serialization.
// Duplicate member names are rejected (I-JSON).
Result<std::string> CanonicalizeJsonText(std::string_view text);

// The ECMAScript Number.prototype.toString form of a finite double
// (RFC 8785 section 3.2.2.3); -0 gives "0".
Result<std::string> FormatEcmaScriptNumber(double value);

}  // namespace truce

#endif  // TRUCE_BASE_CANONICAL_JSON_H_
