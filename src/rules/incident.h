// Incident: violations of one rule by one subject, grouped in a space-time
// window, with the evidence behind them and an append-only revision history.
//
// Each time an incident changes (opened, confidence raised, closed, more
// evidence at the end of a run) the engine emits a new revision: the whole
// incident state, with revision = previous + 1 and `observations` holding
// only the evidence digests new since the previous revision (the union over
// revisions is the full evidence). Revisions are never edited; a dispute is a
// new revision with status "disputed". Serialised as canonical JSON (RFC
// 8785) so the evidence log can hash it: docs/formats/incidents.md.
//
// Thread safety: plain value.
#ifndef TRUCE_RULES_INCIDENT_H_
#define TRUCE_RULES_INCIDENT_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/error.h"
#include "base/time.h"
#include "geo/latlng.h"

namespace truce::rules {

// reported: one source; corroborated: two or more independent sources;
// confirmed: corroborated, with sensor evidence (an AIS or ADS-B track).
enum class Confidence { kReported, kCorroborated, kConfirmed };
enum class IncidentStatus { kOpen, kUpdated, kClosed, kDisputed };

std::string_view Name(Confidence c);
std::string_view Name(IncidentStatus s);

struct BoundingBox {
  double min_lat = 90, min_lng = 180, max_lat = -90, max_lng = -180;
  void Extend(geo::LatLng p);
};

struct Incident {
  std::string id;  // "<rule>/<subject>/<first time>": stable across runs
  int revision = 0;
  IncidentStatus status = IncidentStatus::kOpen;
  std::string rule, kind, clause, severity;
  std::string subject;  // "mmsi:272000001", "icao:4ca2b1", "report:r-17", ...
  std::string party;    // attributed party; empty if unattributed
  std::string basis;    // why: "reported by source", "control map ...", ...
  std::string summary;  // one human sentence
  TimeNs first, last;
  geo::LatLng position;  // the latest violating position
  BoundingBox bbox;
  // The place itself, when the violation is an area (a territory change);
  // serialised as a GeoJSON Polygon, rings closed.
  std::optional<geo::Polygon> area;
  std::map<std::string, std::string> details;  // kind-specific facts
  std::vector<std::string> observations;  // new evidence digests (hex)
  uint64_t observation_count = 0;         // all evidence so far
  std::set<std::string> sources;          // independent sources so far
  bool sensor_evidence = false;
  Confidence confidence = Confidence::kReported;

  // The confidence that the evidence supports (see Confidence).
  Confidence DerivedConfidence() const;
};

// RFC 8785 canonical JSON of one revision (one line of incidents.ndjson).
Result<std::string> ToCanonicalJson(const Incident& revision);

// A polygon as a GeoJSON geometry (longitude first, rings closed, degrees
// rounded to 1e-7 like every position in an incident).
nlohmann::json PolygonGeoJson(const geo::Polygon& polygon);

// SHA-256 digest as lowercase hex.
std::string Hex(const std::array<uint8_t, 32>& digest);

}  // namespace truce::rules

#endif  // TRUCE_RULES_INCIDENT_H_
