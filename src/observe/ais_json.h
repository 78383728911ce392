// AIS messages as gpsd JSON: the field names, order and scaling of
// `gpsdecode -j` (scaled: degrees, knots, text legends) and
// `gpsdecode -u -j` (unscaled: the raw integers), one object per message,
// so that truce's output can be compared with gpsd's field by field. The
// byte-level format is documented in docs/formats/ais-ndjson.md.
//
// A hand-written writer: appends to a caller-owned std::string whose capacity
// is reused, so steady-state output does not allocate.
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_AIS_JSON_H_
#define TRUCE_OBSERVE_AIS_JSON_H_

#include <string>
#include <string_view>

#include "observe/ais.h"

namespace truce::observe {

struct AisJsonOptions {
  bool scaled = true;       // gpsdecode -j (true) or -u -j (false)
  std::string_view device;  // "device" field; omitted when empty
};

// Appends one JSON object (no newline) for `m` to *out. Returns false and
// appends nothing where gpsd prints nothing: a type 24 part A (remembered
// until its part B) or a part B with no part A.
bool AppendAisJson(const AisMessage& m, const AisJsonOptions& options,
                   std::string* out);

// Appends `s` as a JSON string body (no quotes), escaped as gpsd's
// json_stringify does: \" \\ \b \f \n \r \t, other control and non-ASCII
// bytes as \u00XX.
void AppendJsonEscaped(std::string_view s, std::string* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_AIS_JSON_H_
