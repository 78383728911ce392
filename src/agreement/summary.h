// The summary `truce check` prints: every part of a loaded agreement with its
// measurements (areas, perimeters, lengths, derived bands) and the warnings
// worth reading.
//
// Measurements follow geo/measure.h: RFC 7946 edges, geodesic on WGS84; each
// carries its error bound. Derived bands are the regions each withdrawal rule
// asks a party to vacate: within the rule's distance of the party's own
// reference line, on the party's side.
//
// Thread safety: Summarize is a pure function of the agreement.
#ifndef TRUCE_AGREEMENT_SUMMARY_H_
#define TRUCE_AGREEMENT_SUMMARY_H_

#include <optional>
#include <string>
#include <vector>

#include "agreement/agreement.h"
#include "base/error.h"

namespace truce::agreement {

struct LineSummary {
  std::string id, name;
  size_t points = 0;
  double length_km = 0;
  double length_error_m = 0;
};

struct ZoneSummary {
  std::string id, name;
  std::string shape;        // "polygon", "band", "roaming"
  std::string description;  // e.g. "50 km both sides of line 'contact'"
  std::optional<double> area_km2;  // none for roaming zones
  double area_error_km2 = 0;
  std::optional<double> perimeter_km;
  double boundary_error_m = 0;  // band polygons: distance error of the outline
  size_t polygons = 0;
  size_t vertices = 0;
  std::optional<AltitudeBand> altitude;
};

struct BandSummary {
  std::string rule, party;
  std::string description;  // "artillery_ge_100mm: 50 km from Party A's ..."
  std::string line;
  double distance_km = 0;
  std::string side;
  double area_km2 = 0;
  double area_error_km2 = 0;
  double boundary_error_m = 0;
};

struct RuleSummary {
  std::string id, kind, severity, clause, clause_text;
  std::string description;  // what the rule forbids, in one sentence
};

struct Warning {
  SourceLocation where;
  std::string message;
  std::string hint;
};

struct Summary {
  const Agreement* agreement = nullptr;  // not owned; must outlive the summary
  std::vector<LineSummary> lines;
  std::vector<ZoneSummary> zones;
  std::vector<BandSummary> bands;
  std::vector<RuleSummary> rules;
  std::vector<Warning> warnings;
};

Summary Summarize(const Agreement& agreement);

}  // namespace truce::agreement

#endif  // TRUCE_AGREEMENT_SUMMARY_H_
