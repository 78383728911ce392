// Dissolve: the territory of each party in a control map, as one repaired,
// dissolved multipolygon with its geodesic area.
//
// Method (docs/decisions/0005-territory-overlay.md):
//  1. Each feature's polygons are converted to GEOS in longitude/latitude
//     (rings unwrapped across the antimeridian; pole-encircling rings closed
//     through the pole). Rings with fewer than 3 distinct points are dropped.
//  2. A feature GEOS finds invalid (self-intersection, hole outside its shell,
//     overlapping members, zero-width slivers) is repaired with
//     GEOSMakeValidWithParams (method "structure", collapsed parts dropped):
//     the union of its shells minus the union of its holes. Each repair is
//     counted, and the area it moved is reported (see RepairReport).
//  3. The features of each party are dissolved with GEOSUnaryUnion, in
//     lon/lat: exact for RFC 7946 edges, which are straight in lon/lat.
//  4. The area is geodesic on WGS84 (geo::MeasureMultiPolygon), with its
//     error bound.
//
// Thread safety: pure function; each call uses its own GEOS context.
#ifndef TRUCE_TERRITORY_DISSOLVE_H_
#define TRUCE_TERRITORY_DISSOLVE_H_

#include <string>
#include <vector>

#include "base/error.h"
#include "geo/latlng.h"
#include "geo/measure.h"
#include "territory/control_map.h"

namespace truce::territory {

struct RepairReport {
  int features_checked = 0;
  int features_repaired = 0;           // GEOS found them invalid; MakeValid ran
  int rings_dropped = 0;               // fewer than 3 distinct points
  std::vector<int> repaired_features;  // their indices in the file
  // Sum over repaired features of |area as written - area after repair|,
  // both geodesic; the area "as written" is outer minus holes, each ring
  // measured as given (a figure-eight ring counts its lobes with opposite
  // signs, which is what its repair resolves).
  double area_moved_km2 = 0;
};

struct PartyTerritory {
  std::string party;
  int features = 0;
  geo::MultiPolygon area;  // dissolved, valid in lon/lat
  double area_km2 = 0;
  double area_error_km2 = 0;  // bound on |area_km2 - true area|
};

struct Territory {
  std::string file;
  std::string date;
  std::vector<PartyTerritory> parties;  // sorted by party
  RepairReport repair;
};

Result<Territory> Dissolve(const ControlMap& map);

}  // namespace truce::territory

#endif  // TRUCE_TERRITORY_DISSOLVE_H_
