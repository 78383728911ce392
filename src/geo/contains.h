// Point-in-polygon for zones with RFC 7946 edges (straight in lon/lat).
//
// Because an edge is a straight line in longitude/latitude, the planar test in
// lon/lat is the exact answer; rings crossing the antimeridian are unwrapped.
// Points exactly on the boundary count as inside.
//
// A point is in a polygon when a ray from it to the north pole crosses the
// polygon's rings (outer and holes) an odd number of times: for a valid
// polygon, inside the outer ring and not strictly inside a hole. A ring whose
// unwrapped longitudes wind once around the globe encloses the pole on the
// side of its mean latitude. A point is in a multipolygon when it is in any of
// its polygons. Longitudes of points may be given in any range.
//
// Thread safety: a PreparedPolygon is immutable after construction and may be
// queried from many threads at once.
#ifndef TRUCE_GEO_CONTAINS_H_
#define TRUCE_GEO_CONTAINS_H_

#include <memory>
#include <span>
#include <vector>

#include "geo/latlng.h"

namespace truce::geo {

// Reference implementation: ray crossing over every edge, O(vertices).
bool Contains(const MultiPolygon& zone, LatLng p);

// The same reference for many points (prepares the edge list once):
// result[i] == Contains(zone, points[i]).
std::vector<bool> Contains(const MultiPolygon& zone,
                           std::span<const LatLng> points);

// Fast implementation, proven equal to Contains by tests: a uniform grid over
// the zone's bounding box (about 8 cells per edge); edge-free cells store
// their answer (one lookup decides), boundary cells hold their edges and the
// ray is counted cell by cell up the column. Both implementations share the
// same floating-point primitives and so agree bit for bit. Construction is
// O(edges * cells crossed); memory about 8 cells per edge plus edge copies.
class PreparedPolygon {
 public:
  explicit PreparedPolygon(const MultiPolygon& zone);
  ~PreparedPolygon();
  PreparedPolygon(PreparedPolygon&&) noexcept;
  PreparedPolygon& operator=(PreparedPolygon&&) noexcept;

  bool Contains(LatLng p) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace truce::geo

#endif  // TRUCE_GEO_CONTAINS_H_
