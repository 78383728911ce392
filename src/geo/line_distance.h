// Distance from a point to a line (a reference line, a line of contact), and
// bands of given width along a line: "within 50 km of party A's line".
//
// The line's edges are RFC 7946 edges (straight in lon/lat). A LineIndex
// densifies them (measure.h: Densify) and treats each sub-edge as a geodesic
// to find, fast, the nearest point to within kDensifyTolerance_m; Distance
// then refines that point on the lon/lat edge itself, so distances are those
// to the RFC 7946 line, to error_m = 1e-6 m (the along-track iteration
// converges to 1 nm; GeographicLib adds 15 nm).
//
// Nearest points: on each geodesic sub-edge, iteration on the along-track
// parameter (step d cos(angle), the planar foot); sub-edges are pruned by a
// best-first search in a 3-D bounding-volume hierarchy whose lower bound is
// the chord distance (never more than the geodesic distance). Every input
// edge whose coarse distance is within 2 kDensifyTolerance_m of the best is
// then refined on the lon/lat line by the same iteration. Edges must be
// shorter than half the globe (any realistic line).
//
// Thread safety: a LineIndex is immutable after construction and may be
// queried from many threads at once. MakeBandPolygon uses its own GEOS
// context and may run concurrently.
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
                          // (at a vertex, against both edges: the right side
                          // of a right turn is the narrow wedge between them)
};

class LineIndex {
 public:
  // `line` should have at least two points (one point: distances to it; none:
  // every distance is infinite). Unusable positions (non-finite, latitude
  // beyond +-90) are left out; validate input first.
  explicit LineIndex(std::span<const LatLng> line);
  ~LineIndex();
  LineIndex(LineIndex&&) noexcept;
  LineIndex& operator=(LineIndex&&) noexcept;

  // Exact nearest-point query (to error_m = 1e-6 m).
  LineDistance Distance(LatLng p) const;

  // Faster (no refinement on the lon/lat edge): the nearest point of the
  // densified geodesic line, error_m = kDensifyTolerance_m + 1e-6 m; side
  // and segment as for Distance except within that error of a tie.
  LineDistance DistanceFast(LatLng p) const;

  // True iff the geodesic distance from p to the line is <= distance_m,
  // decided exactly: the coarse distance decides when it is more than
  // kDensifyTolerance_m from distance_m; otherwise the exact Distance does.
  // Distances within 2e-7 m of distance_m (below what can be known) count
  // as within: the boundary belongs to the band.
  bool WithinM(LatLng p, double distance_m) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Fast membership in the band within distance_m of a line, decided exactly
// as LineIndex::WithinM(p, distance_m) decides it (proved equal by tests).
// A covering of the band's neighbourhood by lon/lat cells: a top grid of
// cells about distance_m / 10 across (coarser if there would be more than
// about 65,536), and in each cell the band's edge may
// cross, a 16 x 16 sub-grid. A cell whose centre c is at (coarse) distance
// d from the line and whose points all lie within r of c (r bounds the
// meridian-plus-parallel path from c to its corners) is decided when
// d + r + e <= distance_m (inside) or d - r - e > distance_m (outside),
// with e = DistanceFast's error_m + 1 m (which also covers rounding in
// assigning a point to a cell); the distance to the line is 1-Lipschitz, so
// every point of the cell gets the answer WithinM would give. Only points in
// undecided sub-cells pay for WithinM. Points outside the grid's box, whose
// margins are more than distance_m + 1 m of meridian or parallel arc, are
// outside the band. Lines whose box would come within 1 degree of a pole or
// span the globe in longitude get no grid (every query is WithinM).
// Construction: a DistanceFast call per top cell and 256 per sub-grid
// (0.3 s for a 1,000-vertex, 600 km line at 50 km).
//
// Thread safety: immutable after construction; queries may run concurrently.
class BandIndex {
 public:
  BandIndex(std::span<const LatLng> line, double distance_m);
  ~BandIndex();
  BandIndex(BandIndex&&) noexcept;
  BandIndex& operator=(BandIndex&&) noexcept;

  // == LineIndex(line).WithinM(p, distance_m).
  bool Within(LatLng p) const;

  const LineIndex& line() const;
  double distance_m() const;

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
//
// Built with a GEOS buffer (round joins; single-sided for kLeft/kRight) in an
// azimuthal-equidistant projection about the line's middle; each vertex of
// the offset curve is then moved along the geodesic ray from its nearest
// line point to the first point at distance width_m from the line (at
// width_m along the ray, unless another part of a bending line is nearer
// there: at junctions of two pieces of the outline, such as a one-sided
// band's flat end meeting the join of a later bend, the ray is followed on
// until the distance reaches width_m), and edges whose lon/lat midpoint is
// off by more than 1 m are split at the corrected midpoint (to 24 levels).
// max_error_m is measured over the offset curve's vertices and edge midpoints
// (the parts of a one-sided band's boundary on the line itself, or across its
// flat ends, are exact by construction) plus LineIndex's error_m: about 1 m.
// Lines up to a few thousand km; an empty or non-positive width gives an empty
// polygon.
BandPolygon MakeBandPolygon(std::span<const LatLng> line, double width_m,
                            BandSide side);

}  // namespace truce::geo

#endif  // TRUCE_GEO_LINE_DISTANCE_H_
