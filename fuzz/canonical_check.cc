// Fuzz target: ledger::QuickCanonicalCheck (ledger/canonical_check.h) against
// its oracle, base's RFC 8785 canonicalization. Whatever the quick check
// accepts as canonical must canonicalize to exactly itself: a wrong "yes"
// would let the evidence log store a leaf no other party reproduces.
#include "ledger/canonical_check.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/canonical_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (truce::ledger::QuickCanonicalCheck(text) ==
      truce::ledger::CanonicalCheck::kCanonical) {
    auto canonical = truce::CanonicalizeJsonText(text);
    if (!canonical || *canonical != text) std::abort();
  }
  return 0;
}
