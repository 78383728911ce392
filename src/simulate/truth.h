// Truth: the violations a simulation planted, one per line of truth.ndjson
// (docs/formats/simulation.md), and the incidents of a run as the scorer
// reads them (the last revision of each incident id of incidents.ndjson).
//
// Thread safety: plain values and pure functions.
#ifndef TRUCE_SIMULATE_TRUTH_H_
#define TRUCE_SIMULATE_TRUTH_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/time.h"
#include "geo/latlng.h"

namespace truce::simulate {

struct TruthRecord {
  std::string rule;       // rule id of the agreement
  std::string kind;       // rule kind word ("maritime", "ceasefire", ...)
  std::string violation;  // what was planted: "dark", "escort", ...
  std::string subject;    // the subject as the engine names it
  std::string party;      // attributed party; empty if none
  TimeNs first, last;
  geo::LatLng position;
  // Reports are clustered by place: an incident within this distance of
  // `position` is the same violation whatever its subject. 0: match by
  // subject.
  double radius_m = 0;
};

// One line of truth.ndjson, without the newline; keys in a fixed order.
std::string ToJsonLine(const TruthRecord& t);
// Parses truth.ndjson (blank lines skipped); errors name the line.
Result<std::vector<TruthRecord>> ParseTruth(std::string_view text,
                                            std::string_view file);

// What the scorer needs of an incident.
struct ScoredIncident {
  std::string id, rule, kind, subject, party;
  TimeNs first, last;
  geo::LatLng position;
};
// The last revision of each incident id of incidents.ndjson, in order of
// first appearance.
Result<std::vector<ScoredIncident>> ParseIncidents(std::string_view text,
                                                   std::string_view file);

}  // namespace truce::simulate

#endif  // TRUCE_SIMULATE_TRUTH_H_
