// Diff: what each party gained and lost between two control maps.
//
// For each party P (present in either map): gained = after(P) - before(P),
// lost = before(P) - after(P), computed with GEOS overlay (OverlayNG) in
// longitude/latitude on the dissolved territories (dissolve.h), which is
// exact for RFC 7946 edges. Every polygon of a result is one changed piece;
// its area is geodesic (geo::MeasurePolygon), with its error bound.
//
// A piece smaller than min_km2 is not listed, but it is still counted in the
// party's totals and in pieces_below_min / below_min_km2, so nothing
// disappears silently.
//
// Pieces are ordered largest first; ties by party, change, then centroid,
// so the order is deterministic.
//
// Thread safety: pure function; each call uses its own GEOS context.
#ifndef TRUCE_TERRITORY_DIFF_H_
#define TRUCE_TERRITORY_DIFF_H_

#include <string>
#include <vector>

#include "base/error.h"
#include "geo/latlng.h"
#include "territory/dissolve.h"

namespace truce::territory {

enum class Change { kGained, kLost };
const char* ChangeName(Change c);  // "gained", "lost"

struct ChangePiece {
  std::string party;
  Change change = Change::kGained;
  geo::Polygon shape;
  double area_km2 = 0;
  double area_error_km2 = 0;
  // Longitudes of centroid, inside and bbox are in [-180, 180]; the shape's
  // may extend past 180 for a map across the antimeridian (edges go the
  // short way, so it means the same).
  geo::LatLng centroid;  // planar centroid in lon/lat (may lie outside)
  geo::LatLng inside;    // a point guaranteed inside the piece
  // Bounding box; west > east when it crosses the antimeridian (RFC 7946).
  double west_deg = 0, south_deg = 0, east_deg = 0, north_deg = 0;
  std::string region;  // admin-1 region of `inside`, when regions are given
};

struct PartyChange {
  std::string party;
  double before_km2 = 0;
  double after_km2 = 0;
  double gained_km2 = 0;  // all pieces, listed or not
  double lost_km2 = 0;
  double net_km2 = 0;  // gained - lost
  int pieces_below_min = 0;
  double below_min_km2 = 0;
};

struct TerritoryDiff {
  std::string before_file, before_date, after_file, after_date;
  double min_km2 = 0;
  std::vector<PartyChange> parties;  // sorted by party
  std::vector<ChangePiece> pieces;   // largest first
};

Result<TerritoryDiff> DiffTerritories(const Territory& before,
                                      const Territory& after,
                                      double min_km2 = 0);

}  // namespace truce::territory

#endif  // TRUCE_TERRITORY_DIFF_H_
