// Observation as one JSON object (NDJSON record), as `truce decode ...
// --observations` writes it. Documented in docs/formats/ais-ndjson.md.
//
// Thread safety: pure function.
#ifndef TRUCE_OBSERVE_OBSERVATION_JSON_H_
#define TRUCE_OBSERVE_OBSERVATION_JSON_H_

#include <string>

#include "observe/observation.h"

namespace truce::observe {

// Appends the object (no newline) to *out. Unknown values are omitted.
void AppendObservationJson(const Observation& o, std::string* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_OBSERVATION_JSON_H_
