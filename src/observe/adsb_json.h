// SBS-1 records and readsb aircraft as NDJSON objects, as `truce decode sbs`
// and `truce decode readsb` write them (docs/formats/adsb-ndjson.md).
// Unknown values are omitted; names carry their units.
//
// Thread safety: pure functions.
#ifndef TRUCE_OBSERVE_ADSB_JSON_H_
#define TRUCE_OBSERVE_ADSB_JSON_H_

#include <string>

#include "observe/readsb.h"
#include "observe/sbs.h"

namespace truce::observe {

void AppendSbsJson(const SbsRecord& r, std::string* out);
void AppendReadsbJson(const ReadsbAircraft& a, double now_s, std::string* out);

}  // namespace truce::observe

#endif  // TRUCE_OBSERVE_ADSB_JSON_H_
