// Distance from a point to a line (a reference line, a line of contact), and
// bands of given width along a line: "within 50 km of party A's line".
//
// The line's edges are RFC 7946 edges (straight in lon/lat); a LineIndex
// densifies them (measure.h: Densify) and then treats each sub-edge as a
// geodesic, so distances are exact to kDensifyTolerance_m plus the solver's
// tolerance, both included in the reported error_m.
//
// Thread safety: a LineIndex is immutable after construction and may be
// queried from many threads at once.
#ifndef TRUCE_GEO_LINE_DISTANCE_H_
#define TRUCE_GEO_LINE_DISTANCE_H_

#include <memory>
#include <span>

#include "geo/latlng.h"

namespace truce::geo {

// Which side of a directed line a point lies on, looking along the line.
enum class Side { kLeft, kRight, kOn };

struct LineDistance {
  double distance_m = 0;  // geodesic distance to the nearest point of the line
  double error_m = 0;     // bound on |distance_m - exact distance|
  LatLng nearest;         // that nearest point
  size_t segment = 0;     // index of the input edge it lies on
  Side side = Side::kOn;  // side of the line, judged at the nearest point
};

class LineIndex {
 public:
  // `line` must have at least two points.
  explicit LineIndex(std::span<const LatLng> line);
  ~LineIndex();
  LineIndex(LineIndex&&) noexcept;
  LineIndex& operator=(LineIndex&&) noexcept;

  // Exact nearest-point query (to error_m).
  LineDistance Distance(LatLng p) const;

  // True iff the geodesic distance from p to the line is <= distance_m,
  // decided exactly: points within error_m of the boundary are resolved by a
  // refined computation, never by a guess.
  bool WithinM(LatLng p, double distance_m) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Which part of the neighbourhood of a line a band covers.
enum class BandSide { kBoth, kLeft, kRight };

struct BandPolygon {
  MultiPolygon polygon;    // for display and area; RFC 7946 edges
  double max_error_m = 0;  // measured: largest |distance to line - width|
                           // over the boundary's vertices and edge midpoints
};

// The region within width_m of `line` on the given side, as a polygon whose
// boundary lies within max_error_m of the exact band boundary. Membership
// tests must use LineIndex::WithinM (exact), not this polygon.
BandPolygon MakeBandPolygon(std::span<const LatLng> line, double width_m,
                            BandSide side);

}  // namespace truce::geo

#endif  // TRUCE_GEO_LINE_DISTANCE_H_
