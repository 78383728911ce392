// Reading incidents.ndjson (docs/formats/incidents.md) back into incident
// revisions, keeping each revision's exact line: the line is the evidence-log
// entry (`truce log append` canonicalizes it, and replay already writes it
// canonical), so its RFC 9162 leaf hash ties an alert to its evidence.
//
// Contract: every non-empty line must be a JSON object with the members that
// docs/formats/incidents.md lists; the first bad line fails the whole file
// with FILE:LINE and the member at fault (kInvalidInput). Revisions are
// returned in file order.
//
// Thread safety: pure functions.
#ifndef TRUCE_ALERTS_INCIDENT_FILE_H_
#define TRUCE_ALERTS_INCIDENT_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "geo/latlng.h"
#include "ledger/hash.h"
#include "rules/incident.h"

namespace truce::alerts {

struct IncidentRevision {
  rules::Incident incident;
  std::string line;     // the exact bytes of the line, without "\n"
  int line_number = 0;  // 1-based
  ledger::Hash leaf{};  // RFC 9162 leaf hash: SHA-256(0x00 || line)
  // The optional `area` member (a GeoJSON Polygon or MultiPolygon, for
  // violations that are a place, e.g. a territory change): the outer ring of
  // each polygon, closed (first == last). Empty if there is no area.
  std::vector<std::vector<geo::LatLng>> area_outer;
};

// Parses the text of an incidents.ndjson file; `file` names it in errors.
Result<std::vector<IncidentRevision>> ParseIncidentFile(std::string_view text,
                                                        std::string_view file);

// Reads and parses a file (kNotFound / kIo when it cannot be read).
Result<std::vector<IncidentRevision>> ReadIncidentFile(const std::string& path);

}  // namespace truce::alerts

#endif  // TRUCE_ALERTS_INCIDENT_FILE_H_
