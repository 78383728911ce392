// Validity of polygons as written by users: the problems truce check reports.
//
// Every problem names the ring and vertex it concerns (so the agreement loader
// can point at the GeoJSON position in the file) and, for a
// self-intersection, the point where edges cross.
//
// Validity is judged with GEOS in longitude/latitude after unwrapping each ring
// across the antimeridian (edges are straight lines in lon/lat, RFC 7946, so
// the planar judgement is the exact one for that edge model).
//
// A ring that winds around a pole is closed through that pole for the planar
// check. GEOS reports one problem per check, so rings are checked one by one,
// then each hole against the outer ring, then all rings together, then (for a
// multipolygon) all polygons together: every ring's first problem is
// reported, and overlaps between rings or polygons once all rings are valid.
//
// Thread safety: pure functions (one GEOS context per call).
#ifndef TRUCE_GEO_VALIDATE_H_
#define TRUCE_GEO_VALIDATE_H_

#include <optional>
#include <string>
#include <vector>

#include "geo/latlng.h"

namespace truce::geo {

struct GeometryProblem {
  std::string message;  // e.g. "ring self-intersects at 48.1200 N 37.5000 E"
  std::string hint;     // what to do about it
  int polygon = -1;     // index within a multipolygon, or -1
  int ring = -1;        // 0 = outer, 1.. = holes, -1 = whole geometry
  int vertex = -1;      // index within the ring, or -1
  std::optional<LatLng> at;
};

// Checks a polygon: at least 3 distinct points per ring, no repeated
// consecutive points, no self-intersection, holes inside the outer ring and
// not overlapping each other, latitudes within [-90, 90].
std::vector<GeometryProblem> ValidatePolygon(const Polygon& polygon);
std::vector<GeometryProblem> ValidateMultiPolygon(const MultiPolygon& multi);

// True iff some edge of the ring crosses the antimeridian (longitude jump of
// more than 180 degrees between consecutive points, or a point at +-180).
bool CrossesAntimeridian(const Ring& ring);

}  // namespace truce::geo

#endif  // TRUCE_GEO_VALIDATE_H_
