// A fast, conservative test that a byte string is already RFC 8785 canonical
// JSON, for the evidence log's append path.
//
// EvidenceLog::Append refuses leaves that are not canonical. Re-canonicalizing
// every leaf with base/canonical_json.h (parse to a DOM, sort, serialize) cost
// more CPU than storing it; this single pass without allocation accepts the
// common case and answers kUnsure for everything it does not decide, and the
// caller then asks base::CanonicalizeJsonText (the oracle; the tests check
// the two agree on every input this accepts).
//
// kCanonical only for: no whitespace; object keys of printable ASCII without
// escapes, strictly increasing (so UTF-16 order, no duplicates); strings of
// printable ASCII with only the minimal escapes (\" \\ \b \f \n \r \t, other
// controls as lowercase \u00xx); numbers whose token is what ECMAScript
// formatting of their double gives back (base::FormatEcmaScriptNumber; for
// integers of at most 15 digits, no leading zero and not "-0", without
// converting); true, false, null; nesting up to 64 levels. Anything else
// (non-ASCII bytes, escaped keys, ...) is kUnsure, never a verdict of "not
// canonical".
//
// Thread safety: a pure function.
#ifndef TRUCE_LEDGER_CANONICAL_CHECK_H_
#define TRUCE_LEDGER_CANONICAL_CHECK_H_

#include <string_view>

namespace truce::ledger {

enum class CanonicalCheck { kCanonical, kUnsure };

CanonicalCheck QuickCanonicalCheck(std::string_view json);

}  // namespace truce::ledger

#endif  // TRUCE_LEDGER_CANONICAL_CHECK_H_
