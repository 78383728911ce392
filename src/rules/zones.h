// CompiledZones: an agreement's static zones prepared for fast, exact
// membership tests, plus each party's reference line and control area.
//
// Polygon zones use geo::PreparedPolygon (exact for RFC 7946 edges); band
// zones use geo::LineIndex::WithinM (exact geodesic distance), switching to a
// geo::BandIndex (the same answers, faster) after a few thousand queries,
// and the side of the line; altitude bands are checked when the zone has one. Roaming zones
// move with tracks and are evaluated by the rule that uses them.
//
// Thread safety: immutable after construction; queries are const and may run
// concurrently.
#ifndef TRUCE_RULES_ZONES_H_
#define TRUCE_RULES_ZONES_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agreement/agreement.h"
#include "geo/contains.h"
#include "geo/line_distance.h"

namespace truce::rules {

class CompiledZones {
 public:
  explicit CompiledZones(const agreement::Agreement& agreement);
  ~CompiledZones();

  // Index of a zone by id; -1 if unknown.
  int ZoneIndex(std::string_view id) const;
  const agreement::Zone& zone(int index) const;

  // True iff p (with altitude_m, NaN if unknown) lies in the static zone.
  // An unknown altitude is inside any altitude band: absence of data is not
  // an alibi. Roaming zones always answer false here.
  bool Contains(int zone, geo::LatLng p, double altitude_m) const;

  // Geodesic distance from p to a party's own reference line, with the side.
  // nullopt if the party has none.
  std::optional<geo::LineDistance> DistanceToReferenceLine(
      std::string_view party, geo::LatLng p) const;

  // The party controlling p on the baseline control map; empty if none.
  std::string ControllingParty(geo::LatLng p) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace truce::rules

#endif  // TRUCE_RULES_ZONES_H_
