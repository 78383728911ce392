// Observation as one JSON object (NDJSON record), as `truce decode ...
// --observations` writes it. Documented in docs/formats/ais-ndjson.md (and,
// for the report fields, docs/formats/reports.md).
//
// Thread safety: pure function.
#ifndef TRUCE_OBSERVE_OBSERVATION_JSON_H_
#define TRUCE_OBSERVE_OBSERVATION_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "observe/observation.h"

namespace truce::observe {

// Free text a report's observation carries in its JSON besides the
// fixed-size Observation (which holds no strings of unbounded length).
struct ReportText {
  std::string_view source_kind;
  std::string_view text;
};

// Appends the object (no newline) to *out. Unknown values are omitted.
void AppendObservationJson(const Observation& o, std::string* out);

// The same with a report's source kind and text (omitted when empty).
void AppendObservationJson(const Observation& o, const ReportText& report,
                           std::string* out);

// `ns` as exact decimal seconds: the integer part, then up to nine
// fractional digits without trailing zeros ("86400", "0.5", "1.000000001").
void AppendDecimalSeconds(int64_t ns, std::string* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_OBSERVATION_JSON_H_
